import TraceModel

/// What a simulated indicator displays: its unit and decimal places, shared by the scale encoders and
/// responders, which put the displayed value on the wire.
public struct IndicatorDisplay: Sendable, Hashable {
    /// Unit of the displayed value.
    public let unit: WeightUnit
    /// Decimal places displayed (0–4).
    public let decimals: Int

    /// Creates a display; `decimals` is clamped to 0–4.
    public init(unit: WeightUnit, decimals: Int) {
        self.unit = unit
        self.decimals = min(max(decimals, 0), 4)
    }

    /// The displayed value of `grams` in display steps (value × 10^decimals), signed and rounded.
    func mantissa(grams: Int64) -> Int64 { unit.displayMantissa(grams: grams, decimals: decimals) }

    /// The magnitude of `mantissa`, clamped to the largest value `digits` digits hold.
    func magnitude(_ mantissa: Int64, digits: Int) -> UInt64 {
        var limit: UInt64 = 1
        for _ in 0..<digits { limit *= 10 }
        return min(mantissa.magnitude, limit - 1)
    }

    /// The magnitude of `mantissa` as unsigned fixed-point text ("12.340" for 12340 with 3 decimals), clamped
    /// to `digits` digits when given.
    func text(_ mantissa: Int64, digits: Int? = nil) -> String {
        let magnitude = digits.map { self.magnitude(mantissa, digits: $0) } ?? mantissa.magnitude
        return WeightUnit.fixedPointText(magnitude: magnitude, decimals: decimals)
    }
}
