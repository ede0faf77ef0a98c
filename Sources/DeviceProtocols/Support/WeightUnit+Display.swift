import TraceModel

/// Display-side conversions used by the encoders.
extension WeightUnit {
    /// The value an indicator displays for `grams` in this unit with `decimals` places, as an integer
    /// mantissa (value × 10^decimals), rounded to the nearest step. Used by the encoders only, so the
    /// small error of Double arithmetic stays far below one display step.
    func displayMantissa(grams: Int64, decimals: Int) -> Int64 {
        // Grams per 10^6 units: exact for kg, g, lb and 斤, within 1e-8 relative for oz, and far from
        // overflowing (10^6 oz is 2.8e16 in the exact fraction's numerator).
        let gramsPerMillionUnits = Double(self.grams(mantissa: 1_000_000, decimals: 0) ?? 1_000_000_000)
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return Int64((Double(grams) * scale * 1e6 / gramsPerMillionUnits).rounded())
    }

    /// Formats a mantissa as a fixed-point decimal without sign ("12.340" for 12340 with 3 decimals).
    static func fixedPointText(magnitude: UInt64, decimals: Int) -> String {
        var digits = String(magnitude)
        guard decimals > 0 else { return digits }
        if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        return digits
    }

    /// Pads `text` on the left with `pad` to `width` characters (longer text is kept whole).
    static func leftPadded(_ text: String, to width: Int, with pad: Character = "0") -> String {
        text.count >= width ? text : String(repeating: pad, count: width - text.count) + text
    }

    /// The unit as scales print it ("kg", "g", "lb", "oz", "斤").
    var wireSymbol: String {
        switch self {
        case .kg: "kg"
        case .g: "g"
        case .lb: "lb"
        case .oz: "oz"
        case .jin: "斤"
        }
    }
}
