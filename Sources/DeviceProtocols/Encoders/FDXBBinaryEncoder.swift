import TraceModel

/// Produces the 13-byte frames of FDX-B reader modules (`fdx-b-binary`), for simulators and tests.
public struct FDXBBinaryEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// `AA 0F 08 00 <country 2> <national 5> <XOR> BB` for `code`.
    public func encode(_ code: ISO11784Code) -> [UInt8] {
        var frame: [UInt8] = [0xAA, 0x0F, 0x08, 0x00, UInt8(code.country >> 8), UInt8(code.country & 0xFF)]
        frame += (0..<5).map { UInt8(truncatingIfNeeded: code.nationalID >> (8 * (4 - $0))) }
        frame.append(ByteText.xor(frame[1...]))
        frame.append(0xBB)
        return frame
    }
}
