import TraceModel

/// The byte order in which a card reader turns an ISO 14443A UID into a number.
///
/// Source: devices.md §4c. Keyboard MIFARE readers print the UID in decimal, some taking the first
/// transmitted byte as the most significant (`msbFirst`), others as the least (`lsbFirst`, little-endian,
/// common on cheap USB readers). Which one a reader uses cannot be seen from its output: compare with a
/// card whose UID is known. `TagRead.id` always holds the UID hex in transmission order.
public enum UIDByteOrder: String, Sendable, Hashable, CaseIterable {
    /// The first UID byte is the most significant.
    case msbFirst
    /// The first UID byte is the least significant.
    case lsbFirst

    /// The UID as the decimal a reader with this byte order prints (no padding); any length.
    public func decimal(of uid: [UInt8]) -> String {
        let ordered = self == .msbFirst ? uid : uid.reversed()
        // Base-256 → base-10 long division, so 7- and 10-byte UIDs (over 64 bits) convert exactly.
        var number = ordered.drop { $0 == 0 }.map { Int($0) }
        guard !number.isEmpty else { return "0" }
        var digits: [Character] = []
        while !number.isEmpty {
            var remainder = 0
            var quotient: [Int] = []
            for byte in number {
                let value = remainder * 256 + byte
                let q = value / 10
                remainder = value % 10
                if !quotient.isEmpty || q != 0 { quotient.append(q) }
            }
            digits.append(Character(String(remainder)))
            number = quotient
        }
        return String(digits.reversed())
    }

    /// The UID in transmission order from the decimal a reader with this byte order printed.
    ///
    /// - Parameter length: the UID size in bytes: 4, 7 or 10.
    /// - Throws: `TagIdentifierError` when the text is not digits, the length is not a UID size, or the
    ///   number does not fit `length` bytes.
    public func uid(fromDecimal text: String, length: Int) throws(TagIdentifierError) -> [UInt8] {
        guard [4, 7, 10].contains(length) else {
            throw TagIdentifierError("ISO 14443A UIDs are 4, 7 or 10 bytes, not \(length)")
        }
        let digits = text.trimmingSpaces()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw TagIdentifierError("card UID \"\(text)\" must be decimal digits")
        }
        var bytes = [UInt8](repeating: 0, count: length)  // most significant first
        for digit in digits {
            var carry = digit.wholeNumberValue!
            for index in bytes.indices.reversed() {
                let value = Int(bytes[index]) * 10 + carry
                bytes[index] = UInt8(value & 0xFF)
                carry = value >> 8
            }
            guard carry == 0 else {
                throw TagIdentifierError("card UID \(digits) does not fit \(length) bytes; check the UID length")
            }
        }
        return self == .msbFirst ? bytes : bytes.reversed()
    }
}
