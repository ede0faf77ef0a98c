/// Money arithmetic for weighed goods, in integer fen.
public enum Pricing {
    /// The amount for `grams` at `unitPriceFenPerKg`, rounded to the nearest fen, halves up
    /// (the usual rule on Chinese retail scales: 0.5 fen and above rounds up).
    /// Returns nil on overflow or negative input.
    public static func amountFen(grams: Int64, unitPriceFenPerKg: Int64) -> Int64? {
        guard grams >= 0, unitPriceFenPerKg >= 0 else { return nil }
        let (product, overflow) = grams.multipliedReportingOverflow(by: unitPriceFenPerKg)
        guard !overflow else { return nil }
        return (product + 500) / 1000
    }

    /// Converts a configured unit price to fen per kilogram: per 斤 (500 g) is doubled, per kg unchanged.
    public static func fenPerKg(price: Int64, per unit: PriceUnit) -> Int64 {
        switch unit {
        case .kg: price
        case .jin: price * 2
        }
    }
}

/// The unit a configured price refers to.
public enum PriceUnit: String, Sendable, Hashable, Codable, CaseIterable {
    /// Price per kilogram.
    case kg
    /// Price per 斤 (500 g), the usual unit at Chinese markets.
    case jin
}
