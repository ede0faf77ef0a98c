/// Exact decimal renderings of integer grams and fen. No floating point is involved anywhere.
public enum DecimalText {
    /// `value / 10^scale` with exactly `scale` decimals: (1200, 3) → `1.200`, (-5, 2) → `-0.05`.
    public static func fixed(_ value: Int64, scale: Int) -> String {
        let negative = value < 0
        // Magnitude as UInt64 so Int64.min does not overflow.
        let magnitude = value.magnitude
        var digits = String(magnitude)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return (negative && magnitude != 0 ? "-" : "") + digits
    }

    /// `fixed` without trailing zeros (and without a bare trailing dot): (1200, 3) → `1.2`, (1000, 3) → `1`.
    /// This is the form the CBV 2.0 event hash requires for quantities, and what the EPCIS body carries so the
    /// two always agree.
    public static func minimal(_ value: Int64, scale: Int) -> String {
        var text = fixed(value, scale: scale)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Grams as kilograms with three decimals: 1234 → `1.234`.
    public static func kilograms(grams: Int64) -> String { fixed(grams, scale: 3) }

    /// Fen as yuan with two decimals: 3702 → `37.02`.
    public static func yuan(fen: Int64) -> String { fixed(fen, scale: 2) }
}
