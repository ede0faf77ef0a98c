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
            let bytes = try Self.unescape(String(option.dropFirst("suffix:".count)))
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

    /// Expands the escapes of a suffix.
    private static func unescape(_ text: String) throws(ProtocolConfigurationError) -> [UInt8] {
        let input = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        func bad() -> ProtocolConfigurationError {
            ProtocolConfigurationError(
                option: "terminator",
                message: "the 'terminator' suffix \"\(text)\" has a bad escape; use \\r, \\n, \\t, \\\\ or \\xHH")
        }
        while index < input.count {
            let byte = input[index]
            index += 1
            guard byte == 0x5C else {
                out.append(byte)
                continue
            }
            guard index < input.count else { throw bad() }
            let code = input[index]
            index += 1
            switch code {
            case 0x72: out.append(0x0D)
            case 0x6E: out.append(0x0A)
            case 0x74: out.append(0x09)
            case 0x5C: out.append(0x5C)
            case 0x78:
                guard index + 1 < input.count, let value = ByteText.valueOfHexPair(input[index], input[index + 1]) else {
                    throw bad()
                }
                out.append(value)
                index += 2
            default: throw bad()
            }
        }
        return out
    }
}
