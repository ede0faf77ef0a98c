import DeviceProtocols
import TraceModel

/// How a device's bytes are decoded: the decoder keys of a `devices[]` entry, typed. Each protocol reads only
/// the settings it documents (docs/protocols.md); the others keep their defaults.
public struct DeviceDecoderSettings: Sendable, Hashable {
    /// Identical frames that make a weight stable (frames without a status flag), ≥ 1.
    public var stableFrames: Int
    /// Unit for indicators that send none.
    public var unit: WeightUnit
    /// Digits in reverse order (xk3190-reversed).
    public var reversed: Bool
    /// Regular expression with a `value` group (generic-line).
    public var pattern: String?
    /// How a serial scanner ends a scan (barcode-line).
    public var terminator: BarcodeTerminator
    /// Bytes written to a polled device; nil: the protocol's own.
    public var pollCommand: [UInt8]?
    /// em4100-keyboard: how the reader types the card; nil: decimal10.
    public var cardFormat: KeyboardCardFormat?
    /// iso14443-keyboard: hex or decimal UIDs; nil: decimal.
    public var uidFormat: UIDTextFormat?
    /// iso14443-keyboard: the reader's byte order; nil: msb-first.
    public var byteOrder: UIDByteOrder?
    /// iso14443-keyboard: UID size in bytes for decimal UIDs (4, 7, 10); nil: the shortest that fits.
    public var uidLength: Int?

    /// Creates settings; the defaults are the file's.
    public init(
        stableFrames: Int = 3, unit: WeightUnit = .kg, reversed: Bool = true, pattern: String? = nil,
        terminator: BarcodeTerminator = .cr, pollCommand: [UInt8]? = nil, cardFormat: KeyboardCardFormat? = nil,
        uidFormat: UIDTextFormat? = nil, byteOrder: UIDByteOrder? = nil, uidLength: Int? = nil
    ) {
        self.stableFrames = stableFrames
        self.unit = unit
        self.reversed = reversed
        self.pattern = pattern
        self.terminator = terminator
        self.pollCommand = pollCommand
        self.cardFormat = cardFormat
        self.uidFormat = uidFormat
        self.byteOrder = byteOrder
        self.uidLength = uidLength
    }

    /// The options the decoders take.
    public var options: DecoderOptions {
        var options = DecoderOptions(
            stableFrames: stableFrames, unit: unit, reversed: reversed, pattern: pattern,
            terminator: terminator.optionText, pollCommand: pollCommand)
        if let cardFormat { options.cardFormat = cardFormat }
        if let uidFormat { options.uidFormat = uidFormat }
        if let byteOrder { options.byteOrder = byteOrder }
        options.uidLength = uidLength
        return options
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
