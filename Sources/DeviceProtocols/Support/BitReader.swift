/// Reads big-endian bit fields of at most 64 bits from bytes.
struct BitReader {
    /// The bytes.
    let bytes: [UInt8]
    /// Creates a reader.
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    /// `count` bits starting at bit `offset` (bit 0 is the most significant bit of byte 0).
    func value(at offset: Int, count: Int) -> UInt64 {
        var result: UInt64 = 0
        for bit in offset..<(offset + count) {
            result = result << 1 | UInt64(bytes[bit / 8] >> (7 - bit % 8) & 1)
        }
        return result
    }
}
