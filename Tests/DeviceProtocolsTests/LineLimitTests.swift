import DeviceProtocols
import Testing
import TraceModel

/// Over-long lines are dropped whole and reported; the next line decodes normally.
@Suite struct LineLimitTests {
    /// A scan longer than 4096 bytes is one error; its tail never becomes a scan.
    @Test(arguments: ["cr", "suffix:\\x03"])
    func overlongScanIsDroppedUpToItsTerminator(_ terminator: String) throws {
        let end: [UInt8] = terminator == "cr" ? [0x0D] : [0x03]
        var decoder = try ProtocolCatalog.makeDecoder(
            named: "barcode-line", options: DecoderOptions(terminator: terminator))
        let events = decoder.feed(
            Array(repeating: 0x37, count: 5000) + end + Array("]E06901234567892".utf8) + end)
        #expect(events.count == 2)
        guard case .frameError(let error) = events.first else {
            Issue.record("expected an error first, got \(events)")
            return
        }
        #expect(error.reason.contains("longer than 4096 bytes"))
        #expect(events.last == .barcode(BarcodeRead(data: "6901234567892", symbology: "]E0")))
        #expect(decoder.bufferedCount == 0)
    }

    /// Same for generic-line (limit 256): the tail of a long line is not read as a weight.
    @Test func overlongGenericLineIsDroppedUpToItsTerminator() throws {
        var decoder = try ProtocolCatalog.makeDecoder(
            named: "generic-line", options: DecoderOptions(stableFrames: 1, pattern: "(?<value>[0-9.]+) kg"))
        let events = decoder.feed(Array(repeating: 0x31, count: 300) + Array(" kg\n1.5 kg\n".utf8))
        #expect(events.count == 2)
        #expect(events.last == .weight(WeightReading(grams: 1500, stable: true)))
    }

    /// A&D and MT-SICS lines accept LF-only and CR-only line ends too (scales are often set so).
    @Test func lineEndsAreTolerated() throws {
        var and = try ProtocolCatalog.makeDecoder(named: "and")
        #expect(
            and.feed(Array("ST,GS,+0001.000kg\nST,GS,+0002.000kg\r".utf8)) == [
                .weight(WeightReading(grams: 1000, stable: true, net: false)),
                .weight(WeightReading(grams: 2000, stable: true, net: false)),
            ])
        var sics = try ProtocolCatalog.makeDecoder(named: "mt-sics")
        #expect(sics.feed(Array("S S 5 g\n".utf8)) == [.weight(WeightReading(grams: 5, stable: true))])
    }
}
