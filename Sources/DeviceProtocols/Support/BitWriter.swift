/// Appends big-endian bit fields and yields bytes.
struct BitWriter {
    /// Bits so far, most significant first.
    private var bits: [Bool] = []
    /// Appends the low `count` bits of `value`.
    mutating func append(_ value: UInt64, count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append(value >> UInt64(shift) & 1 == 1) }
    }
    /// The bits packed into bytes (the last byte padded with zeros).
    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            var byte: UInt8 = 0
            for index in start..<(start + 8) { byte = byte << 1 | (index < bits.count && bits[index] ? 1 : 0) }
            return byte
        }
    }
}
