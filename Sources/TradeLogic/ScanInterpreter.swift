import TraceModel

/// Decides what a scanned code means: command, supplier trace code, catalogue product, or unknown.
///
/// Order of recognition (first match wins):
/// 1. a configured command barcode (exact text);
/// 2. a GS1 element string (`]C1`/`]d2`/`]Q3`/`]e0`, or `(01)…` text): AI 01 finds the product,
///    AI 10 (batch) or 21 (serial) makes the whole string the source;
/// 3. a trace code: all digits and one of the configured trace-code lengths (default 20);
/// 4. an EAN/UPC/GTIN with a valid check digit: RCN prefix 2 labels (`2 PPPPPP VVVVV C`, GB/T 18283)
///    find the product by PLU and are kept as the source, other GTINs by catalogue lookup;
/// 5. a catalogue product code or PLU typed as-is;
/// otherwise `.unknown` with the reason.
public struct ScanInterpreter: Sendable {
    /// Products known at the station.
    public var catalogue: Catalogue
    /// Command barcodes (exact text → command), e.g. "*CONFIRM*" → .confirm.
    public var commandCodes: [String: StationCommand]
    /// Lengths of all-digit codes taken as supplier trace/batch codes (default: 20, the meat/vegetable layout).
    public var traceCodeLengths: Set<Int>

    /// Creates an interpreter.
    public init(catalogue: Catalogue, commandCodes: [String: StationCommand] = [:], traceCodeLengths: Set<Int> = [20]) {
        self.catalogue = catalogue
        self.commandCodes = commandCodes
        self.traceCodeLengths = traceCodeLengths
    }

    /// Interprets one scan.
    public func interpret(_ scan: BarcodeRead) -> ScanMeaning {
        let data = scan.data
        if let command = commandCodes[data] { return .command(command) }
        if data.isEmpty { return .unknown(reason: "empty barcode") }
        if data.unicodeScalars.contains(where: {
            $0.value < 0x20 && $0.value != 0x1D || $0 == "\u{FFFD}" || $0.value == 0x7F
        }) {
            return .unknown(
                reason:
                    "garbage barcode \(Self.quoted(data)): it contains unprintable bytes; check the scanner's terminator and baud"
            )
        }
        let gs1Symbologies: Set<String> = ["]C1", "]d2", "]Q3", "]e0", "]J1"]
        if let symbology = scan.symbology, gs1Symbologies.contains(symbology) || data.hasPrefix("(") {
            return interpretGS1(data)
        } else if data.hasPrefix("(") {
            return interpretGS1(data)
        }
        let allDigits = data.allSatisfy { $0.isASCII && $0.isNumber }
        if allDigits, traceCodeLengths.contains(data.count) { return .source(code: data) }
        if allDigits, [8, 12, 13, 14].contains(data.count) {
            guard GS1.hasValidCheckDigit(data) else {
                let expected = GS1.checkDigit(for: data.dropLast()) ?? 0
                if let item = catalogue.item(code: data) ?? catalogue.item(plu: data) {
                    return .product(item, source: nil)
                }
                return .unknown(reason: "barcode \(data) has a wrong check digit (expected \(expected)); scan it again")
            }
            if data.count == 13, data.first == "2" {
                let plu = String(data.dropFirst().prefix(6))
                if let item = catalogue.item(plu: plu) { return .product(item, source: data) }
                return .unknown(reason: "scale label \(data): PLU \(plu) is not in the catalogue")
            }
            if let item = catalogue.item(gtin: data) { return .product(item, source: nil) }
            return .unknown(reason: "product \(data) is not in the catalogue")
        }
        if let item = catalogue.item(code: data) ?? (allDigits ? catalogue.item(plu: data) : nil) {
            return .product(item, source: nil)
        }
        // A GS1 element string from a scanner configured without AIM identifiers.
        if data.hasPrefix("01"), data.count >= 16, GS1.parseElementString(data) != nil {
            return interpretGS1(data)
        }
        return .unknown(reason: "unknown barcode \(Self.quoted(data)): not a trace code, GS1 code or catalogue product")
    }

    private func interpretGS1(_ data: String) -> ScanMeaning {
        guard let pairs = GS1.parseElementString(data) else {
            return .unknown(reason: "malformed GS1 code \(Self.quoted(data))")
        }
        let readable = GS1.humanReadable(pairs)
        let hasLot = pairs.contains { $0.ai == "10" || $0.ai == "21" }
        guard let gtin = pairs.first(where: { $0.ai == "01" })?.value else {
            return hasLot
                ? .source(code: readable) : .unknown(reason: "GS1 code \(readable) names no product (no AI 01)")
        }
        guard GS1.hasValidCheckDigit(gtin) else {
            return .unknown(reason: "GS1 code \(readable): GTIN \(gtin) has a wrong check digit")
        }
        guard let item = catalogue.item(gtin: gtin) else {
            return hasLot ? .source(code: readable) : .unknown(reason: "product \(gtin) is not in the catalogue")
        }
        return .product(item, source: hasLot ? readable : nil)
    }

    /// The code quoted for messages, with unprintable bytes shown as \u{…} and at most 40 characters.
    static func quoted(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(40) {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        if text.unicodeScalars.count > 40 { out += "…" }
        return "'\(out)'"
    }
}
