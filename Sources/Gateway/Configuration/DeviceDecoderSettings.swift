import DeviceProtocols
import TraceModel

/// How a device's bytes are decoded: the decoder keys of a `devices[]` entry, as the options the decoders take.
/// Each protocol reads only the settings it documents (docs/protocols.md); the others keep their defaults.
public struct DeviceDecoderSettings: Sendable, Hashable {
    /// The options the decoders take (`stable_frames`, `unit`, `reversed`, `pattern`, `terminator`,
    /// `poll_command`, `format`, `uid_format`, `byte_order`, `uid_length`).
    public var options: DecoderOptions

    /// Creates settings; the defaults are the file's.
    public init(_ options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// How a serial scanner ends a scan (barcode-line): the options' terminator, typed.
    public var terminator: BarcodeTerminator {
        get { (try? BarcodeTerminator(option: options.terminator)) ?? .cr }
        set { options.terminator = newValue.optionText }
    }
}

extension BarcodeTerminator {
    /// The option text `init(option:)` parses back to this terminator: `cr`, `lf`, `crlf` or `suffix:TEXT`.
    public var optionText: String {
        switch self {
        case .cr: "cr"
        case .lf: "lf"
        case .crlf: "crlf"
        case .suffix(let bytes): "suffix:" + EscapedText.text(bytes)
        }
    }
}

extension EscapedText {
    /// `bytes` as text that `bytes(_:option:)` reads back: printable ASCII as itself, `\r`, `\n`, `\t`, `\\`,
    /// and `\xHH` for every other byte.
    public static func text(_ bytes: [UInt8]) -> String {
        var text = ""
        for byte in bytes {
            switch byte {
            case 0x0D: text += "\\r"
            case 0x0A: text += "\\n"
            case 0x09: text += "\\t"
            case 0x5C: text += "\\\\"
            case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return text
    }
}
