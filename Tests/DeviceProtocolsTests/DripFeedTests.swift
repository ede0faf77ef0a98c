import DeviceProtocols
import Testing
import TraceModel

/// Every decoder gives the same events however its bytes are chunked, and junk between frames is
/// reported without swallowing the next good frame.
@Suite struct DripFeedTests {
    /// A decoder, the clean frames it is checked with, and the junk put between them.
    struct Scenario: CustomStringConvertible, Sendable {
        /// Protocol name in the catalogue.
        var protocolName: String
        /// Decoder options.
        var options = DecoderOptions()
        /// Well-formed frames.
        var frames: [[UInt8]]
        /// Junk makers: given the next frame, the junk to insert before it.
        var junk: [@Sendable ([UInt8]) -> [UInt8]]

        /// The protocol name.
        var description: String { protocolName }
    }

    /// Readings every scale scenario encodes: zero, light, heavy, negative, repeated (for stability).
    static let readings: [WeightReading] = [0, 150, 150, 150, 1234, 4995, 4995, 4995, -20, 20000, 20000, 20000, 7]
        .map { WeightReading(grams: $0, stable: true, net: false) }

    /// Random-looking noise bytes (no protocol uses them as delimiters).
    static let noise: @Sendable ([UInt8]) -> [UInt8] = { _ in [0xFF, 0x00, 0x13, 0x88, 0xA5] }
    /// The first half of the next frame, as after a reconnect.
    static let halfFrame: @Sendable ([UInt8]) -> [UInt8] = { Array($0.prefix($0.count / 2)) }

    /// One scenario per protocol.
    static let scenarios: [Scenario] = {
        func frames(_ encoder: some WeightFrameEncoder) -> [[UInt8]] { readings.map(encoder.encode) }
        func replies(_ responder: some PolledScaleResponder, _ request: String) -> [[UInt8]] {
            readings.map { responder.reply(to: Array(request.utf8), reading: $0) }
        }
        let reads = [
            BarcodeRead(data: "33010200100010000027"), BarcodeRead(data: "6901234567892", symbology: "]E0"),
            BarcodeRead(data: "011231231231233310ABC123\u{1D}99TESTING", symbology: "]d2"),
            BarcodeRead(data: "00123"), BarcodeRead(data: "TESTING", symbology: "]Q1"),
        ]
        return [
            Scenario(protocolName: "xk3190-tf0", frames: frames(XK3190ContinuousEncoder()), junk: [noise, halfFrame]),
            Scenario(
                protocolName: "xk3190-reversed", frames: frames(XK3190ReversedEncoder()), junk: [noise, halfFrame]),
            Scenario(
                protocolName: "xk3190-reversed", options: DecoderOptions(reversed: false),
                frames: frames(XK3190ReversedEncoder(reversed: false)), junk: [halfFrame, noise]),
            Scenario(protocolName: "xk3190-a12", frames: frames(XK3190A12Encoder()), junk: [noise, halfFrame]),
            Scenario(protocolName: "and", frames: frames(AndIndicatorEncoder()), junk: [noise, halfFrame]),
            Scenario(protocolName: "mt-sics", frames: replies(MTSICSResponder(), "SI\r\n"), junk: [noise, halfFrame]),
            Scenario(
                protocolName: "toledo-8217", frames: replies(Toledo8217Responder(), "W"), junk: [noise, halfFrame]),
            Scenario(
                protocolName: "generic-line",
                options: DecoderOptions(pattern: #"^(?<stable>ST|US),(?<value>[-+0-9.]+)(?<unit>kg|g)$"#),
                frames: readings.map { Array("\($0.stable ? "ST" : "US"),\(Double($0.grams) / 1000)kg\r\n".utf8) },
                junk: [{ _ in Array("NOISE\r\n".utf8) }, { _ in [0xFF, 0xFE, 0x0A] }]),
            Scenario(
                protocolName: "barcode-line", frames: reads.map(BarcodeLineEncoder().encode),
                junk: [{ _ in [0xFF, 0xFE, 0x0D] }, { _ in Array("]E0\r".utf8) }]),
            Scenario(
                protocolName: "barcode-line", options: DecoderOptions(terminator: "suffix:\\x03"),
                frames: reads.map(BarcodeLineEncoder(terminator: .suffix([0x03])).encode),
                junk: [{ _ in [0xC3, 0x28, 0x03] }]),
        ] + rfidScenarios
    }()

    /// One scenario per RFID protocol: tag frames from the encoders, noise and half frames between them.
    static let rfidScenarios: [Scenario] = {
        let codes = (0..<9).map { try! ISO11784Code(country: 900 + $0 * 10, nationalID: 1_088_420 + Int64($0) * 7919) }
        let ems = (0..<9).map { try! EM4100Number(bytes: [0x45, 0x00, 0xC5, UInt8($0 * 29), UInt8(0xE9 - $0)]) }
        let uids: [[UInt8]] = (0..<9).map { index in
            Array((0..<[4, 7, 10][index % 3]).map { UInt8(truncatingIfNeeded: $0 * 37 + index) })
        }
        let epcs: [[UInt8]] = (0..<9).map { index in
            (try! SGTIN96(filter: 3, companyPrefix: "0614141", itemReference: "812345", serial: UInt64(index * 999)))
                .epc
        }
        let r2000 = R2000FrameEncoder()
        let chafon = ChafonFrameEncoder()
        return [
            Scenario(
                protocolName: "fdx-b-ascii", frames: codes.map(FDXBAsciiEncoder().encode),
                junk: [noise, halfFrame]),
            Scenario(
                protocolName: "fdx-b-ascii", frames: codes.map(FDXBAsciiEncoder(style: .underscore).encode),
                junk: [{ _ in Array("NOISE\r".utf8) }, { _ in [0xFF, 0x0D] }]),
            Scenario(
                protocolName: "fdx-b-binary", frames: codes.map(FDXBBinaryEncoder().encode), junk: [noise, halfFrame]),
            Scenario(protocolName: "em4100", frames: ems.map(EM4100SerialEncoder().encode), junk: [noise, halfFrame]),
            Scenario(
                protocolName: "em4100",
                frames: ems.map { EM4100SerialEncoder(framed: false).encode($0) },
                junk: [noise]),
            Scenario(
                protocolName: "iso14443-serial", frames: uids.map { ISO14443SerialEncoder().encode(uid: $0) },
                junk: [noise, halfFrame]),
            Scenario(
                protocolName: "uhf-r2000",
                frames: epcs.enumerated().map { r2000.tagRecord(epc: $1, antenna: $0 % 8 + 1, rssi: 40 + $0) },
                junk: [noise, halfFrame]),
            Scenario(
                protocolName: "uhf-chafon", frames: epcs.map { chafon.inventoryReply(epcs: [$0]) },
                junk: [noise, halfFrame]),
        ]
    }()

    /// Clean frames: every chunking gives the same events, no errors, one event per frame.
    @Test(arguments: scenarios)
    func cleanStreamIsChunkingIndependent(_ scenario: Scenario) throws {
        let bytes = scenario.frames.flatMap { $0 }
        let reference = DripFeed.events(
            try ProtocolCatalog.makeDecoder(named: scenario.protocolName, options: scenario.options), bytes,
            chunking: .allAtOnce)
        #expect(reference.count == scenario.frames.count)
        let errors = reference.filter(\.isError)
        #expect(errors.isEmpty, "\(errors)")
        for chunking in DripFeed.chunkings.dropFirst() {
            let events = DripFeed.events(
                try ProtocolCatalog.makeDecoder(named: scenario.protocolName, options: scenario.options), bytes,
                chunking: chunking)
            #expect(events == reference, "\(chunking)")
        }
    }

    /// Junk and half frames between frames: every chunking gives the same events, each junk insertion
    /// is reported, and every good frame still comes out.
    @Test(arguments: scenarios)
    func noisyStreamReportsJunkAndKeepsFrames(_ scenario: Scenario) throws {
        let clean = DripFeed.events(
            try ProtocolCatalog.makeDecoder(named: scenario.protocolName, options: scenario.options),
            scenario.frames.flatMap { $0 }, chunking: .allAtOnce)
        let (bytes, junkCount) = DripFeed.interleave(frames: scenario.frames, junk: scenario.junk)
        let reference = DripFeed.events(
            try ProtocolCatalog.makeDecoder(named: scenario.protocolName, options: scenario.options), bytes,
            chunking: .allAtOnce)
        for chunking in DripFeed.chunkings.dropFirst() {
            let events = DripFeed.events(
                try ProtocolCatalog.makeDecoder(named: scenario.protocolName, options: scenario.options), bytes,
                chunking: chunking)
            #expect(events == reference, "\(chunking)")
        }
        #expect(reference.filter(\.isError).count >= junkCount)
        #expect(reference.filter { !$0.isError }.map(\.payload) == clean.map(\.payload))
    }
}
