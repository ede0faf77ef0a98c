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
