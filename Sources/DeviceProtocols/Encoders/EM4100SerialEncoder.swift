/// Produces the frames of 125 kHz EM4100 serial modules (`em4100`), for simulators and tests.
public struct EM4100SerialEncoder: Sendable {
    /// true: `02 … 03` (Seeed and most modules); false: the bare 12 characters of the EM-18 and CR LF.
    public var framed: Bool

    /// Creates an encoder.
    public init(framed: Bool = true) {
        self.framed = framed
    }

    /// The frame for `number`: 10 hex digits, 2 hex digits of the XOR, within STX/ETX when `framed`, else followed by CR LF.
    public func encode(_ number: EM4100Number) -> [UInt8] {
        let body = Array(number.hex.utf8) + ByteText.asciiHexPair(ByteText.xor(number.bytes))
        return framed ? [0x02] + body + [0x03] : body + [0x0D, 0x0A]
    }
}
