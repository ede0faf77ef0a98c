import TraceModel

/// Realistic codes a market scanner reads: supplier trace codes, EAN-13, GS1 element strings, PLUs.
public enum SampleBarcodes {
    /// A 20-digit supplier trace code: 13-digit operator code + 7-digit serial (domain.md, e.g.
    /// `33010200100010000027`), sent as Code 128 (`]C0`).
    public static func supplierTraceCode(using random: inout SeededGenerator) -> BarcodeRead {
        let operatorCode = "3301020010001"
        let serial = zeroPadded(String(Int.random(in: 1...9_999_999, using: &random)), 7)
        return BarcodeRead(data: operatorCode + serial, symbology: "]C0")
    }

    /// An EAN-13 of a Chinese manufacturer (prefix 690–699) with a valid check digit, `]E0`.
    public static func ean13(using random: inout SeededGenerator) -> BarcodeRead {
        var digits = "69" + String(Int.random(in: 0...9, using: &random))
        for _ in 0..<9 { digits += String(Int.random(in: 0...9, using: &random)) }
        return BarcodeRead(data: digits + String(ean13CheckDigit(digits)), symbology: "]E0")
    }

    /// A GS1-128 element string (`]C1`): GTIN (01), batch (10), GS, net weight in kg (3103).
    public static func gs1ElementString(using random: inout SeededGenerator) -> BarcodeRead {
        let gtin = "0" + ean13(using: &random).data
        let batch = "B" + zeroPadded(String(Int.random(in: 1...999_999, using: &random)), 6)
        let grams = zeroPadded(String(Int.random(in: 100...20_000, using: &random)), 6)
        return BarcodeRead(data: "01\(gtin)10\(batch)\u{1D}3103\(grams)", symbology: "]C1")
    }

    /// The GS1 DataMatrix test vector of devices.md §3d (`]d2`, with GS).
    public static let gs1DataMatrix = BarcodeRead(data: "011231231231233310ABC123\u{1D}99TESTING", symbology: "]d2")

    /// A price look-up code as keyed into retail scales, without AIM identifier.
    public static func plu(using random: inout SeededGenerator) -> BarcodeRead {
        BarcodeRead(data: zeroPadded(String(Int.random(in: 1...99_999, using: &random)), 5))
    }

    /// The EAN/UPC mod-10 check digit of 12 (or 7) digits.
    public static func ean13CheckDigit(_ digits: String) -> Int {
        var sum = 0
        for (index, char) in digits.reversed().enumerated() {
            let value = Int(char.asciiValue ?? 48) - 48
            sum += index % 2 == 0 ? value * 3 : value
        }
        return (10 - sum % 10) % 10
    }

    /// Left-pads with zeros.
    private static func zeroPadded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
