import DeviceProtocols
import Simulators
import Testing
import TraceModel

/// A stall scans each item while the platter is empty, then weighs it.
@Suite struct StallSimulationTests {
    /// Scans decode with barcode-line, come before each placement, and are realistic codes.
    @Test func scansPrecedeEachItem() throws {
        var stall = StallSimulation(
            scale: try ScaleSimulation(
                protocolName: "and", settings: ScaleSimulationSettings(noiseProbability: 0), seed: 3),
            scanner: ScannerSimulation(seed: 4))
        var scanner = try ProtocolCatalog.makeDecoder(named: "barcode-line")
        var scale = try ProtocolCatalog.makeDecoder(named: "and")
        var scans: [(Int, BarcodeRead)] = []
        for _ in 0..<300 {
            let traffic = stall.step(elapsedMilliseconds: 100)
            for event in scanner.feed(traffic.scanner) {
                guard case .barcode(let read) = event else {
                    Issue.record("scanner sent \(event)")
                    continue
                }
                scans.append((stall.scale.elapsedMilliseconds, read))
            }
            #expect(!scale.feed(traffic.scale).contains { if case .frameError = $0 { true } else { false } })
        }
        #expect(scans.map(\.1) == stall.expected.map(\.scan))
        #expect(stall.expected.count >= 5)
        for (index, expected) in stall.expected.enumerated() {
            guard let weighing = expected.weighing else { continue }
            #expect(scans[index].0 < weighing.placedAtMilliseconds)
            if index > 0, let previous = stall.expected[index - 1].weighing?.liftedAtMilliseconds {
                #expect(scans[index].0 >= previous)
            }
        }
    }

    /// Sample codes are well formed.
    @Test func sampleCodesAreWellFormed() {
        var random = SeededGenerator(seed: 5)
        for _ in 0..<50 {
            let trace = SampleBarcodes.supplierTraceCode(using: &random)
            #expect(trace.data.count == 20 && trace.data.allSatisfy(\.isASCIIDigit))
            let ean = SampleBarcodes.ean13(using: &random)
            #expect(ean.data.count == 13 && ean.symbology == "]E0")
            #expect(SampleBarcodes.ean13CheckDigit(String(ean.data.prefix(12))) == Int(String(ean.data.last!)))
            let gs1 = SampleBarcodes.gs1ElementString(using: &random)
            #expect(gs1.symbology == "]C1" && gs1.data.hasPrefix("01") && gs1.data.contains("\u{1D}3103"))
        }
        #expect(SampleBarcodes.ean13CheckDigit("690123456789") == 2)
        #expect(SampleBarcodes.ean13CheckDigit("590123412345") == 7)
    }
}

/// Test conveniences.
extension Character {
    /// ASCII 0–9.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
