/// Mass units found on scale wire formats, with exact conversion to grams.
public enum WeightUnit: String, Sendable, Hashable, Codable, CaseIterable {
    /// Kilogram.
    case kg
    /// Gram.
    case g
    /// Avoirdupois pound, exactly 453.59237 g.
    case lb
    /// Avoirdupois ounce, exactly 28.349523125 g.
    case oz
    /// 斤 (jin), the market catty: exactly 500 g.
    case jin

    /// Parses a unit as scales print it ("kg", "KG", "g", "lb", "oz", "斤", "jin"), ignoring surrounding spaces.
    public init?(wire: some StringProtocol) {
        let text = wire.trimmingSpaces().lowercased()
        switch text {
        case "kg", "kgs": self = .kg
        case "g", "gr", "gram", "grams": self = .g
        case "lb", "lbs", "#": self = .lb
        case "oz": self = .oz
        case "斤", "jin", "catty": self = .jin
        default: return nil
        }
    }

    /// Grams per unit as an exact fraction (numerator, denominator).
    var gramsFraction: (numerator: Int64, denominator: Int64) {
        switch self {
        case .kg: (1000, 1)
        case .g: (1, 1)
        case .lb: (45_359_237, 100_000)
        case .oz: (28_349_523_125, 1_000_000_000)
        case .jin: (500, 1)
        }
    }

    /// Converts a fixed-point value (`mantissa` × 10^−`decimals` of this unit) to grams,
    /// rounded to the nearest gram, halves away from zero. Returns nil on overflow.
    public func grams(mantissa: Int64, decimals: Int) -> Int64? {
        guard decimals >= 0, decimals <= 9 else { return nil }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let (num, den) = gramsFraction
        let (product, overflow) = mantissa.multipliedReportingOverflow(by: num)
        guard !overflow else { return nil }
        let (divisor, overflow2) = den.multipliedReportingOverflow(by: scale)
        guard !overflow2 else { return nil }
        let quotient = product / divisor
        let remainder = product % divisor
        if remainder.magnitude * 2 >= divisor.magnitude {
            return quotient + (product < 0 ? -1 : 1)
        }
        return quotient
    }

    /// Parses a decimal text such as "-0012.340" or "+56.78" and converts it to grams.
    /// Returns nil when the text is not a plain decimal number.
    public func grams(decimalText: some StringProtocol) -> Int64? {
        guard let (mantissa, decimals) = FixedPoint.parse(decimalText) else { return nil }
        return grams(mantissa: mantissa, decimals: decimals)
    }
}

/// Parsing of the fixed-point decimal numbers that scales print.
public enum FixedPoint {
    /// Parses `[+-]digits[.digits]` (surrounding spaces allowed, spaces between sign and digits allowed)
    /// into a mantissa and a count of decimal places. At most 18 digits.
    public static func parse(_ text: some StringProtocol) -> (mantissa: Int64, decimals: Int)? {
        var negative = false
        var mantissa: Int64 = 0
        var decimals = 0
        var seenPoint = false
        var digits = 0
        var seenSign = false
        var seenDigitOrPoint = false
        for ch in text.trimmingSpaces().unicodeScalars {
            switch ch {
            case "+", "-":
                guard !seenSign, !seenDigitOrPoint else { return nil }
                seenSign = true
                negative = ch == "-"
            case " ":
                guard !seenDigitOrPoint else { return nil }
            case ".":
                guard !seenPoint else { return nil }
                seenPoint = true
                seenDigitOrPoint = true
            case "0"..."9":
                seenDigitOrPoint = true
                digits += 1
                guard digits <= 18 else { return nil }
                mantissa = mantissa * 10 + Int64(ch.value - 48)
                if seenPoint { decimals += 1 }
            default:
                return nil
            }
        }
        guard digits > 0 else { return nil }
        return (negative ? -mantissa : mantissa, decimals)
    }
}

extension StringProtocol {
    /// The text without leading and trailing ASCII spaces and tabs.
    public func trimmingSpaces() -> Substring {
        let scalars = Substring(self)
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start] == " " || scalars[start] == "\t" { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard scalars[before] == " " || scalars[before] == "\t" else { break }
            end = before
        }
        return scalars[start..<end]
    }
}
