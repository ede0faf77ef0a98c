/// How a serial scanner ends each scan: the `terminator` option of `barcode-line`.
public enum BarcodeTerminator: Sendable, Hashable {
    /// Carriage return (the usual factory setting).
    case cr
    /// Line feed.
    case lf
    /// CR LF.
    case crlf
    /// A custom suffix programmed into the scanner.
    case suffix([UInt8])

    /// Parses the option text: `cr`, `lf`, `crlf` or `suffix:<text>`, where the text may use the escapes
    /// `\r`, `\n`, `\t`, `\\` and `\xHH`.
    public init(option: String) throws(ProtocolConfigurationError) {
        switch option.lowercased() {
        case "cr": self = .cr
        case "lf": self = .lf
        case "crlf": self = .crlf
        default:
            guard option.hasPrefix("suffix:") else {
                throw ProtocolConfigurationError(
                    option: "terminator",
                    message: "the 'terminator' option \"\(option)\" is not one of cr, lf, crlf or suffix:<text>")
            }
            let bytes = try EscapedText.bytes(String(option.dropFirst("suffix:".count)), option: "terminator")
            guard !bytes.isEmpty else {
                throw ProtocolConfigurationError(
                    option: "terminator", message: "the 'terminator' option \"suffix:\" needs text after the colon")
            }
            self = .suffix(bytes)
        }
    }

    /// The bytes the scanner appends.
    public var bytes: [UInt8] {
        switch self {
        case .cr: [0x0D]
        case .lf: [0x0A]
        case .crlf: [0x0D, 0x0A]
        case .suffix(let bytes): bytes
        }
    }
}
