import DeviceProtocols
import Testing
import TraceModel

/// `hid-pos-scale` and `hid-pos-scanner`: devices.md examples, unit conversion, status mapping, continued
/// scan reports, and the drip-feed and garbage checks every decoder gets.
@Suite struct HIDReportDecoderTests {
    /// Decodes `bytes` with a fresh decoder of `name`.
    private func decode(_ name: String, _ bytes: [UInt8]) throws -> [DeviceEvent] {
        var decoder = try ProtocolCatalog.makeDecoder(named: name)
        return decoder.feed(bytes)
    }

    /// devices.md §2: `03 04 03 FE D2 04` is a stable 12.34 kg; the empty pan is a stable 0 g.
    @Test func scaleDocumentExamples() throws {
        #expect(
            try decode("hid-pos-scale", [0x03, 0x04, 0x03, 0xFE, 0xD2, 0x04])
                == [.weight(WeightReading(grams: 12_340, stable: true))])
        #expect(
            try decode("hid-pos-scale", [0x03, 0x02, 0x03, 0xFE, 0x00, 0x00])
                == [.weight(WeightReading(grams: 0, stable: true))])
    }

    /// Units convert exactly: 10.0 lb is 4535.9237 g → 4536; 1 grain × 10^3 is 64.79891 g → 65.
    @Test func scaleUnitsConvertExactly() throws {
        #expect(
            try decode("hid-pos-scale", [0x03, 0x04, 0x0C, 0xFF, 0x64, 0x00])
                == [.weight(WeightReading(grams: 4536, stable: true))])
        #expect(
            try decode("hid-pos-scale", [0x03, 0x04, 0x06, 0x03, 0x01, 0x00])
                == [.weight(WeightReading(grams: 65, stable: true))])
        #expect(
            try decode("hid-pos-scale", [0x03, 0x03, 0x08, 0xFD, 0x01, 0x00])
                == [.weight(WeightReading(grams: 1000, stable: false))])
        // A tiny exponent rounds to zero instead of overflowing.
        #expect(
            try decode("hid-pos-scale", [0x03, 0x04, 0x03, 0x80, 0xFF, 0xFF])
                == [.weight(WeightReading(grams: 0, stable: true))])
    }

    /// Statuses without a usable weight are frame errors that tell the operator what to do.
    @Test func scaleStatusesBecomeReadingsOrExplainedErrors() throws {
        let events = try decode(
            "hid-pos-scale",
            [0x03, 0x05, 0x03, 0xFE, 0x05, 0x00] + [0x03, 0x06, 0x03, 0xFE, 0xFF, 0xFF] + [
                0x03, 0x01, 0x03, 0xFE, 0, 0,
            ]
                + [0x03, 0x07, 0x03, 0xFE, 0, 0] + [0x03, 0x08, 0x03, 0xFE, 0, 0] + [0x03, 0x04, 0x05, 0x00, 1, 0])
        #expect(events[0] == .weight(WeightReading(grams: -50, stable: false, underload: true)))
        #expect(events[1] == .weight(WeightReading(grams: 0, stable: false, overload: true)))
        let reasons = events.dropFirst(2).compactMap { if case .frameError(let e) = $0 { e.reason } else { nil } }
        #expect(reasons.count == 4)
        #expect(reasons[0].contains("fault"))
        #expect(reasons[1].contains("calibration"))
        #expect(reasons[2].contains("re-zeroing") && reasons[2].contains("ZERO"))
        #expect(reasons[3].contains("tael"))
    }

    /// The zero command is output report 2 with Zero Scale set; the report encoder round-trips.
    @Test func scaleEncoderRoundTrips() throws {
        #expect(HIDScaleReportEncoder.zeroCommand == [0x02, 0x02])
        #expect(HIDScaleReportEncoder.report(grams: 12_340, status: .stable) == [0x03, 0x04, 0x03, 0xFE, 0xD2, 0x04])
        for grams: Int64 in [0, 5, 999, 1234, 25_000] {
            let report = HIDScaleReportEncoder.report(grams: grams, status: .stable, unit: .gram, exponent: 0)
            #expect(try decode("hid-pos-scale", report) == [.weight(WeightReading(grams: grams, stable: true))])
        }
    }

    /// devices.md §3b: report 2 with byte count 13, AIM `]E0` and zero padding is one EAN-13 scan.
    @Test func scannerDocumentExample() throws {
        var report: [UInt8] = [0x02, 0x0D, 0x5D, 0x45, 0x30] + Array("6901234567892".utf8)
        report += [UInt8](repeating: 0, count: 64 - report.count)
        #expect(
            try decode("hid-pos-scanner", report) == [.barcode(BarcodeRead(data: "6901234567892", symbology: "]E0"))])
    }

    /// A scan longer than one report is joined from the continued reports; GS survives.
    @Test func scannerJoinsContinuedReports() throws {
        let data = Array("011231231231233310ABC123\u{1D}99TESTING".utf8) + Array(repeating: UInt8(0x41), count: 100)
        let reports = HIDScannerReportEncoder.reports(data: data, symbology: "]d2")
        #expect(reports.count == 3 && reports.allSatisfy { $0.count == 64 })
        #expect(
            try decode("hid-pos-scanner", reports.flatMap { $0 })
                == [.barcode(BarcodeRead(data: String(decoding: data, as: UTF8.self), symbology: "]d2"))])
    }

    /// Scale reports, and scanner reports, in every chunking, with noise between them: same events, junk reported.
    @Test(arguments: ["hid-pos-scale", "hid-pos-scanner"])
    func dripFeedAndGarbage(_ name: String) throws {
        let frames: [[UInt8]] =
            name == "hid-pos-scale"
            ? [0, 150, 150, 1234, 4995, 20000, 7].map {
                HIDScaleReportEncoder.report(grams: $0, status: .stable, unit: .gram, exponent: 0)
            }
            : ["6901234567892", "ABC", String(repeating: "X", count: 120), "TESTING"].flatMap {
                HIDScannerReportEncoder.reports(data: Array($0.utf8), symbology: "]E0")
            }
        let clean = frames.flatMap { $0 }
        let reference = DripFeed.events(try ProtocolCatalog.makeDecoder(named: name), clean, chunking: .allAtOnce)
        #expect(!reference.isEmpty && reference.allSatisfy { !$0.isError })
        // Half reports cannot be told from whole ones without a checksum (and USB delivers whole reports),
        // so the garbage is noise that starts no report.
        let (noisy, junkCount) = DripFeed.interleave(frames: frames, junk: [{ _ in [0xFF, 0x00, 0x13, 0x88, 0xA5] }])
        for chunking in DripFeed.chunkings {
            #expect(
                DripFeed.events(try ProtocolCatalog.makeDecoder(named: name), clean, chunking: chunking) == reference)
            let events = DripFeed.events(try ProtocolCatalog.makeDecoder(named: name), noisy, chunking: chunking)
            #expect(events.filter(\.isError).count == junkCount, "\(chunking)")
            #expect(events.filter { !$0.isError } == reference, "\(chunking)")
        }
    }
}
