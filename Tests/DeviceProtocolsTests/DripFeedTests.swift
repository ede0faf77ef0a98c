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

    /// Junk for protocols that cannot take the default noise and half frames, with the reason. Every other
    /// protocol gets `[noise, halfFrame]`.
    static let junkExceptions: [String: [@Sendable ([UInt8]) -> [UInt8]]] = [
        // Line protocols: junk without a line end would join the next line, so it ends in one.
        "generic-line": [{ _ in Array("NOISE\r\n".utf8) }, { _ in [0xFF, 0xFE, 0x0A] }],
        "barcode-line": [{ _ in [0xFF, 0xFE, 0x0D] }, { _ in Array("]E0\r".utf8) }],
        "em4100-keyboard": [{ _ in Array("NOISE\n".utf8) }, { _ in [0xFF, 0x0A] }],
        "iso14443-keyboard": [{ _ in Array("NOISE\r\n".utf8) }, { _ in [0xFF, 0x0D, 0x0A] }],
        // HID reports carry no checksum: half a report followed by a report cannot be told from a report.
        "hid-pos-scale": [noise],
        "hid-pos-scanner": [noise],
    ]

    /// Tag payloads of each kind, for the readers' tag encoders.
    static let payloads: [TagPayload.Kind: [TagPayload]] = [
        .fdxb: (0..<9).map {
            .fdxb(try! ISO11784Code(country: 900 + $0 * 10, nationalID: 1_088_420 + Int64($0) * 7919))
        },
        .em4100: (0..<9).map {
            .em4100(try! EM4100Number(bytes: [0x45, 0x00, 0xC5, UInt8($0 * 29), UInt8(0xE9 - $0)]))
        },
        .uid: (0..<9).map { index in
            .uid(Array((0..<[4, 7, 10][index % 3]).map { UInt8(truncatingIfNeeded: $0 * 37 + index) }))
        },
        .epc: (0..<9).map { index in
            .epc(
                (try! SGTIN96(filter: 3, companyPrefix: "0614141", itemReference: "812345", serial: UInt64(index * 999)))
                    .epc)
        },
    ]

    /// The frames a protocol's descriptor makes: scale readings through its scale encoder (replies to its
    /// poll command when polled), tags through its tag encoder, else its sample frames; nil when it has none.
    static func frames(of descriptor: ProtocolDescriptor) throws -> [[UInt8]]? {
        let options = descriptor.exampleOptions
        let poll = try ProtocolCatalog.makeDecoder(named: descriptor.name, options: options).pollCommand ?? []
        if let encoder = descriptor.makeScaleEncoder(options: options, decimals: 3) {
            switch encoder {
            case .continuous(let encoder): return readings.map(encoder.encode)
            case .polled(let responder): return readings.map { responder.reply(to: poll, reading: $0) }
            }
        }
        if let encoder = descriptor.tagEncoder {
            let tags = payloads[encoder.payloadKind] ?? []
            switch encoder {
            case .continuous(_, let encode): return tags.map(encode)
            case .polled(_, var responder):
                return tags.map { responder.reply(to: poll, tagsInField: [$0]).bytes }
            }
        }
        return descriptor.sampleFrames(options: options)
    }

    /// One scenario per catalogue entry, made from its descriptor, then the variants only options or
    /// encoder settings reach.
    static let scenarios: [Scenario] = {
        let catalogue = ProtocolCatalog.all.compactMap { descriptor -> Scenario? in
            guard let frames = try? frames(of: descriptor), !frames.isEmpty else { return nil }
            return Scenario(
                protocolName: descriptor.name, options: descriptor.exampleOptions, frames: frames,
                junk: junkExceptions[descriptor.name] ?? [noise, halfFrame])
        }
        return catalogue + variantScenarios
    }()

    /// Every catalogue entry has frames to drip-feed: a scale or tag encoder, or sample frames.
    @Test func everyProtocolIsDripFed() throws {
        for descriptor in ProtocolCatalog.all {
            let frames = try Self.frames(of: descriptor)
            #expect(
                frames?.isEmpty == false,
                "\(descriptor.name) has no scale encoder, tag encoder or sample frames: declare one in its descriptor")
        }
        #expect(Set(Self.scenarios.map(\.protocolName)) == Set(ProtocolCatalog.all.map(\.name)))
    }

    /// Variants the catalogue scenarios do not reach: other options and other encoder settings.
    static let variantScenarios: [Scenario] = {
        func frames(_ encoder: some WeightFrameEncoder) -> [[UInt8]] { readings.map(encoder.encode) }
        let reads = [
            BarcodeRead(data: "33010200100010000027"), BarcodeRead(data: "6901234567892", symbology: "]E0"),
            BarcodeRead(data: "011231231231233310ABC123\u{1D}99TESTING", symbology: "]d2"),
            BarcodeRead(data: "00123"), BarcodeRead(data: "TESTING", symbology: "]Q1"),
        ]
        let codes = (0..<9).map { try! ISO11784Code(country: 900 + $0 * 10, nationalID: 1_088_420 + Int64($0) * 7919) }
        let ems = (0..<9).map { try! EM4100Number(bytes: [0x45, 0x00, 0xC5, UInt8($0 * 29), UInt8(0xE9 - $0)]) }
        let epcs: [[UInt8]] = (0..<9).map { index in
            (try! SGTIN96(filter: 3, companyPrefix: "0614141", itemReference: "812345", serial: UInt64(index * 999)))
                .epc
        }
        let r2000 = R2000FrameEncoder()
        let chafon = ChafonFrameEncoder()
        return [
            Scenario(
                protocolName: "xk3190-reversed", options: DecoderOptions(reversed: false),
                frames: frames(XK3190ReversedEncoder(reversed: false)), junk: [halfFrame, noise]),
            Scenario(
                protocolName: "aclas-os2", frames: frames(AclasOS2Encoder(framing: .stx)), junk: [noise, halfFrame]),
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
            Scenario(
                protocolName: "fdx-b-ascii", frames: codes.map(FDXBAsciiEncoder(style: .underscore).encode),
                junk: [{ _ in Array("NOISE\r".utf8) }, { _ in [0xFF, 0x0D] }]),
            Scenario(
                protocolName: "fdx-b-ascii", frames: codes.map(FDXBAsciiEncoder(style: .tiris).encode),
                junk: [noise, halfFrame]),
            Scenario(
                protocolName: "em4100",
                frames: ems.map { EM4100SerialEncoder(framed: false).encode($0) },
                junk: [noise]),
            Scenario(
                protocolName: "uhf-r2000",
                frames: epcs.enumerated().map { r2000.tagRecord(epc: $1, antenna: $0 % 8 + 1, rssi: 40 + $0) },
                junk: [noise, halfFrame]),
            Scenario(
                protocolName: "uhf-chafon", frames: epcs.map { chafon.inventoryReply(epcs: [$0]) },
                junk: [noise, halfFrame]),
            Scenario(
                protocolName: "em4100-keyboard", options: try! DecoderOptions(keyValues: ["format=w26"]),
                frames: ems.map { Array(($0.typed(as: .wiegand26) + "\r\n").utf8) },
                junk: [{ _ in Array("NOISE\n".utf8) }]),
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
