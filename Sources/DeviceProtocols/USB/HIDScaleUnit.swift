/// The Weight Unit field of a HID POS scale report (usage page 0x8D, usages 0x51–0x5C), with its exact
/// size in grams. Source: devices.md §2 (unit table).
public enum HIDScaleUnit: UInt8, Sendable, Hashable, CaseIterable {
    /// Milligram.
    case milligram = 1
    /// Gram.
    case gram = 2
    /// Kilogram.
    case kilogram = 3
    /// Metric carat, exactly 0.2 g.
    case carat = 4
    /// Tael: which tael (Chinese 50 g, Hong Kong 37.8 g, …) the HID tables do not say, so it is refused.
    case tael = 5
    /// Grain, exactly 64.79891 mg.
    case grain = 6
    /// Pennyweight, exactly 24 grains.
    case pennyweight = 7
    /// Metric ton, 1,000,000 g.
    case metricTon = 8
    /// Avoirdupois (short) ton, 2000 lb.
    case avoirdupoisTon = 9
    /// Troy ounce, exactly 31.1034768 g.
    case troyOunce = 10
    /// Avoirdupois ounce, exactly 28.349523125 g.
    case ounce = 11
    /// Avoirdupois pound, exactly 453.59237 g.
    case pound = 12

    /// Grams per unit as an exact fraction, or nil when the unit has no single definition (tael).
    var gramsFraction: (numerator: Int64, denominator: Int64)? {
        switch self {
        case .milligram: (1, 1000)
        case .gram: (1, 1)
        case .kilogram: (1000, 1)
        case .carat: (1, 5)
        case .tael: nil
        case .grain: (6_479_891, 100_000_000)
        case .pennyweight: (155_517_384, 100_000_000)
        case .metricTon: (1_000_000, 1)
        case .avoirdupoisTon: (90_718_474, 100)
        case .troyOunce: (311_034_768, 10_000_000)
        case .ounce: (28_349_523_125, 1_000_000_000)
        case .pound: (45_359_237, 100_000)
        }
    }

    /// Converts `magnitude` × 10^`exponent` of this unit to grams, rounded to the nearest gram (halves away
    /// from zero). Nil for a unit without a definition or a value beyond Int64 grams.
    func grams(magnitude: UInt16, exponent: Int8) -> Int64? {
        guard let (numerator, denominator) = gramsFraction else { return nil }
        if magnitude == 0 { return 0 }
        var product = Int64(magnitude)
        var divisor = denominator
        for _ in 0..<Int(exponent.magnitude) {
            if exponent > 0 {
                let (next, overflow) = product.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                product = next
            } else {
                let (next, overflow) = divisor.multipliedReportingOverflow(by: 10)
                // A divisor beyond Int64 makes any 16-bit value far smaller than half a gram.
                guard !overflow else { return 0 }
                divisor = next
            }
        }
        let (scaled, overflow) = product.multipliedReportingOverflow(by: numerator)
        guard !overflow else { return nil }
        let remainder = scaled % divisor
        // `remainder >= divisor - remainder` is `2 × remainder ≥ divisor` without overflow.
        return remainder >= divisor - remainder ? scaled / divisor + 1 : scaled / divisor
    }

    /// The unit's name as an operator reads it on the scale ("kg", "tael").
    var label: String {
        switch self {
        case .milligram: "mg"
        case .gram: "g"
        case .kilogram: "kg"
        case .carat: "carat"
        case .tael: "tael"
        case .grain: "grain"
        case .pennyweight: "pennyweight"
        case .metricTon: "metric ton"
        case .avoirdupoisTon: "avoirdupois ton"
        case .troyOunce: "troy oz"
        case .ounce: "oz"
        case .pound: "lb"
        }
    }
}
