import Testing
import TraceModel

/// Unit conversion and fixed-point parsing against values worked out by hand (1 lb = 453.59237 g and
/// 1 oz = 28.349523125 g exactly; 1 斤 = 500 g), rounding half away from zero.
@Suite struct WeightUnitTests {
    /// Each unit's conversion of a few fixed-point values, including the halves that decide the rounding.
    @Test(arguments: [
        (WeightUnit.kg, "12.345", Int64(12_345)),
        (.kg, "1.2345", 1_235),  // 1234.5 g → 1235
        (.kg, "-1.2345", -1_235),  // half away from zero below zero too
        (.kg, "0.0005", 1),
        (.kg, "0.0004", 0),
        (.kg, "-0.0004", 0),
        (.kg, "0", 0),
        (.g, "12.5", 13),
        (.g, "12.4", 12),
        (.g, "-12.5", -13),
        (.lb, "1", 454),  // 453.59237
        (.lb, "2.5", 1_134),  // 1133.980925
        (.lb, "0.01", 5),  // 4.5359237
        (.lb, "-0.01", -5),
        (.oz, "1", 28),  // 28.349523125
        (.oz, "16", 454),  // 453.59237
        (.oz, "0.5", 14),  // 14.1747615625
        (.jin, "1.5", 750),
        (.jin, "0.001", 1),  // 0.5 g
        (.jin, "-0.001", -1),
        (.jin, "0.0009", 0),  // 0.45 g
    ])
    func convertsToGrams(unit: WeightUnit, text: String, grams: Int64) {
        #expect(unit.grams(decimalText: text) == grams, "\(text) \(unit)")
    }

    /// Overflow and impossible scales are nil, never a wrapped or trapped value.
    @Test func overflowIsNil() {
        #expect(WeightUnit.kg.grams(mantissa: Int64.max / 100, decimals: 0) == nil)
        #expect(WeightUnit.kg.grams(mantissa: 9_223_372_036_854_775, decimals: 0) == 9_223_372_036_854_775_000)
        #expect(WeightUnit.oz.grams(mantissa: 1_000_000_000, decimals: 0) == nil)  // 1e9 × 28,349,523,125 > 2^63
        #expect(WeightUnit.oz.grams(mantissa: 100_000_000, decimals: 0) == 2_834_952_313)
        #expect(WeightUnit.kg.grams(mantissa: 1, decimals: 10) == nil)
        #expect(WeightUnit.kg.grams(mantissa: 1, decimals: -1) == nil)
        #expect(WeightUnit.kg.grams(mantissa: 123_456_789, decimals: 9) == 123)  // 123.456789 g
        #expect(WeightUnit.lb.grams(mantissa: 1, decimals: 9) == 0)
    }

    /// The fixed-point grammar: `[+-] digits [. digits]`, spaces around and between the sign and the digits.
    @Test func fixedPointParsing() {
        func parsed(_ text: String) -> [Int64]? { FixedPoint.parse(text).map { [$0.mantissa, Int64($0.decimals)] } }
        #expect(parsed("-0012.340") == [-12_340, 3])
        #expect(parsed("+56.78") == [5_678, 2])
        #expect(parsed(" -  5 ") == [-5, 0])
        #expect(parsed("\t7\t") == [7, 0])
        #expect(parsed(".5") == [5, 1])
        #expect(parsed("5.") == [5, 0])
        #expect(parsed("000") == [0, 0])
        #expect(parsed("123456789012345678") == [123_456_789_012_345_678, 0])
        let bad = [
            "", " ", ".", "+", "-.", "1.2.3", "1-", "--1", "+-1", "12a", "1 2", "1,5", "1234567890123456789", "１",
        ]
        for text in bad { #expect(FixedPoint.parse(text) == nil, "\(text.debugDescription) should not parse") }
    }

    /// Unit names as scales print them.
    @Test func wireUnitNames() {
        let cases: [(String, WeightUnit?)] = [
            (" KG ", .kg), ("kgs", .kg), ("g", .g), ("GR", .g), ("grams", .g), ("Lbs", .lb), ("#", .lb), ("oz", .oz),
            ("斤", .jin), ("jin", .jin), ("catty", .jin), ("t", nil), ("", nil), ("k g", nil),
        ]
        for (wire, unit) in cases { #expect(WeightUnit(wire: wire) == unit, "\(wire.debugDescription)") }
    }

    /// Only ASCII spaces and tabs are trimmed, from both ends.
    @Test func trimming() {
        #expect(" \t 12.5 kg\t ".trimmingSpaces() == "12.5 kg")
        #expect("   ".trimmingSpaces() == "")
        #expect("\n5\n".trimmingSpaces() == "\n5\n")
    }
}
