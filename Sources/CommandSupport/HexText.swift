import ArgumentParser

/// Hex text as technicians paste it: `02 2B 30`, `022B30`, `0x02,0x2B`.
public enum HexText {
    /// Decodes complete byte pairs; returns the bytes and any trailing odd digit for the next chunk.
    public static func decode(_ text: String) throws -> ([UInt8], String) {
        var digits: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let ch = text[index]
            let next = text.index(after: index)
            if ch == "0", next < text.endIndex, text[next] == "x" || text[next] == "X" {
                index = text.index(after: next)
                continue
            }
            if let value = ch.hexDigitValue {
                digits.append(UInt8(value))
            } else if !(ch.isWhitespace || ch == "," || ch == ":" || ch == "-") {
                throw ValidationError("Not hex: '\(ch)'. Give bytes as hex pairs, e.g. 02 2B 30.")
            }
            index = next
        }
        var bytes: [UInt8] = []
        var i = 0
        while i + 1 < digits.count {
            bytes.append(digits[i] << 4 | digits[i + 1])
            i += 2
        }
        let rest = i < digits.count ? String(digits[i], radix: 16) : ""
        return (bytes, rest)
    }

    /// Compact hex such as `8B0D4F49` (white space ignored) as bytes; nil unless it is whole bytes of hex digits.
    public static func bytes(compact hex: String) -> [UInt8]? {
        let digits = Array(hex.filter { !$0.isWhitespace })
        guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(digits[index...index + 1]), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
