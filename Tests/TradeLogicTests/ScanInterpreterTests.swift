import Testing
import TraceModel

@testable import TradeLogic

@Suite("Scan interpretation")
struct ScanInterpreterTests {
    let interpreter = ScanInterpreter(
        catalogue: Catalogue([StationHarness.pork, StationHarness.cabbage]), commandCodes: ["*CONFIRM*": .confirm])

    @Test func traceCodeBecomesSource() {
        #expect(
            interpreter.interpret(BarcodeRead(data: "33010200100010000027")) == .source(code: "33010200100010000027"))
    }

    @Test func gtinWithAimIdentifierFindsProduct() {
        #expect(
            interpreter.interpret(BarcodeRead(data: "6901234567892", symbology: "]E0"))
                == .product(StationHarness.pork, source: nil))
    }

    @Test func gs1DataMatrixWithBatchFindsProductAndSource() {
        let scan = BarcodeRead(data: "0106901234567892" + "10B240315A\u{1D}" + "3103001234", symbology: "]d2")
        #expect(
            interpreter.interpret(scan)
                == .product(StationHarness.pork, source: "(01)06901234567892(10)B240315A(3103)001234"))
        let bracketed = BarcodeRead(data: "(01)06901234567892(10)LOT7")
        #expect(interpreter.interpret(bracketed) == .product(StationHarness.pork, source: "(01)06901234567892(10)LOT7"))
        let noAim = BarcodeRead(data: "0106901234567892" + "10LOT8")
        #expect(interpreter.interpret(noAim) == .product(StationHarness.pork, source: "(01)06901234567892(10)LOT8"))
    }

    @Test func unknownGTINWithBatchIsStillASource() {
        let scan = BarcodeRead(data: "011231231231233310ABC123\u{1D}99TESTING", symbology: "]d2")
        #expect(interpreter.interpret(scan) == .source(code: "(01)12312312312333(10)ABC123(99)TESTING"))
    }

    @Test func scaleLabelFindsProductByPLU() {
        // 2 + PLU 000123 + 01234 fen + check digit (domain.md §3 example).
        #expect(
            interpreter.interpret(BarcodeRead(data: "2000123012346"))
                == .product(StationHarness.pork, source: "2000123012346"))
        if case .unknown(let reason) = interpreter.interpret(BarcodeRead(data: "2000999012341")) {
            #expect(reason.contains("PLU 000999"))
        } else {
            Issue.record("unknown PLU must be rejected")
        }
    }

    @Test func commandsAndPLUs() {
        #expect(interpreter.interpret(BarcodeRead(data: "*CONFIRM*")) == .command(.confirm))
        #expect(interpreter.interpret(BarcodeRead(data: "456")) == .product(StationHarness.cabbage, source: nil))
        #expect(interpreter.interpret(BarcodeRead(data: "20010002")) == .product(StationHarness.cabbage, source: nil))
    }

    @Test func checkDigits() {
        #expect(GS1.checkDigit(for: "200012301234") == 6)
        #expect(GS1.hasValidCheckDigit("6901234567892"))
        #expect(!GS1.hasValidCheckDigit("6901234567893"))
        #expect(GS1.checkDigit(for: "3301020010001000002") != nil)
    }

    @Test func pricingRoundsHalfUpToTheFen() {
        #expect(Pricing.amountFen(grams: 1234, unitPriceFenPerKg: 3000) == 3702)
        #expect(Pricing.amountFen(grams: 1, unitPriceFenPerKg: 500) == 1)  // 0.5 fen → 1
        #expect(Pricing.amountFen(grams: 1, unitPriceFenPerKg: 499) == 0)
        #expect(Pricing.fenPerKg(price: 1550, per: .jin) == 3100)
        #expect(Pricing.amountFen(grams: -1, unitPriceFenPerKg: 100) == nil)
        #expect(Pricing.amountFen(grams: .max, unitPriceFenPerKg: 100) == nil)
    }
}
