import DeviceProtocols
import Testing
import TraceModel

/// Encoding a reading and decoding the bytes gives the reading back (within the display's resolution).
@Suite struct EncoderRoundTripTests {
    /// Weights tried: zero, small, typical, heavy, negative.
    static let grams: [Int64] = [0, 1, 150, 999, 1234, 4995, 56780, 123_456, -20, -1500]

    /// Decodes `bytes` with the named decoder and returns the weight readings.
    private func readings(_ name: String, _ options: DecoderOptions, _ bytes: [UInt8]) throws -> [WeightReading] {
        var decoder = try ProtocolCatalog.makeDecoder(named: name, options: options)
        return decoder.feed(bytes).compactMap {
            if case .weight(let reading) = $0 { return reading }
            Issue.record("unexpected \($0)")
            return nil
        }
    }

    /// Every catalogue protocol with a continuous scale encoder.
    static let continuousProtocols = ProtocolCatalog.all.filter { descriptor in
        if case .continuous = descriptor.makeScaleEncoder(options: DecoderOptions(), decimals: 3) { return true }
        return false
    }.map(\.name)

    /// The list comes from the catalogue and still holds the continuous scales tested by name before.
    @Test func continuousProtocolsComeFromTheCatalogue() {
        #expect(Set(["xk3190-tf0", "xk3190-reversed", "xk3190-a12", "and"]).isSubset(of: Self.continuousProtocols))
    }

    /// Continuous protocols in kg with 3 decimals round-trip exactly (1 g steps) over the weights their frame
    /// can carry; stability follows frames.
    @Test(arguments: continuousProtocols)
    func continuousRoundTrip(_ name: String) throws {
        guard case .continuous(let encoder) = try ProtocolCatalog.makeScaleEncoder(named: name) else {
            Issue.record("\(name) is not continuous")
            return
        }
        let carried = Self.grams.filter { encoder.gramsRange.contains($0) }
        #expect(carried.count >= Self.grams.count - 2, "\(name): the frame carries too few test weights")
        for grams in carried where name != "xk3190-reversed" || grams > -100_000 {
            let reading = WeightReading(grams: grams, stable: true, net: false)
            let decoded = try readings(
                name, DecoderOptions(), Array(repeating: encoder.encode(reading), count: 3).flatMap { $0 })
            #expect(decoded.map(\.grams) == [grams, grams, grams], "\(name) \(grams)")
            #expect(decoded.last?.stable == true, "\(name) \(grams)")
        }
    }

    /// Other units round-trip within half a display step.
    @Test(arguments: [WeightUnit.lb, .oz, .jin, .g])
    func unitsRoundTripWithinResolution(_ unit: WeightUnit) throws {
        let options = DecoderOptions(stableFrames: 1, unit: unit)
        guard
            case .continuous(let encoder) = try ProtocolCatalog.makeScaleEncoder(
                named: "xk3190-tf0", options: options, decimals: 2)
        else { return }
        // One display step (0.01 unit) in grams, rounded; half a step plus the gram rounding is allowed.
        let step = Double(unit.grams(mantissa: 1, decimals: 2) ?? 0)
        for grams in Self.grams where abs(grams) <= 5000 {
            let decoded = try readings("xk3190-tf0", options, encoder.encode(WeightReading(grams: grams, stable: true)))
            let back = try #require(decoded.first).grams
            #expect(abs(Double(back - grams)) <= step / 2 + 1, "\(unit) \(grams) → \(back)")
        }
    }

    /// A12 and A&D carry net and overload/underload; A&D carries the stable flag itself.
    @Test func flagsRoundTrip() throws {
        let cases = [
            WeightReading(grams: 250, stable: true, net: true),
            WeightReading(grams: 0, stable: false, overload: true),
            WeightReading(grams: 0, stable: false, underload: true),
        ]
        for reading in cases {
            let a12 = try readings("xk3190-a12", DecoderOptions(stableFrames: 1), XK3190A12Encoder().encode(reading))
            #expect(a12.first?.overload == reading.overload && a12.first?.underload == reading.underload)
            if !reading.overload && !reading.underload { #expect(a12.first?.net == true) }
            let and = try readings("and", DecoderOptions(), AndIndicatorEncoder().encode(reading))
            #expect(and.first?.overload == reading.overload && and.first?.underload == reading.underload)
            #expect(and.first?.stable == reading.stable)
        }
        let unstable = try readings(
            "and", DecoderOptions(), AndIndicatorEncoder().encode(WeightReading(grams: 10, stable: false)))
        #expect(unstable == [WeightReading(grams: 10, stable: false, net: false)])
    }

    /// ACLAS OS2 carries stable and net in both framings; Dahua ACS clamps to its 5-character field.
    @Test func retailScaleFlagsAndRange() throws {
        let cases = [
            WeightReading(grams: 500, stable: true, net: false), WeightReading(grams: 1250, stable: false, net: true),
            WeightReading(grams: -15, stable: true, net: false),
        ]
        for framing in AclasOS2Encoder.Framing.allCases {
            for reading in cases {
                let bytes = AclasOS2Encoder(framing: framing).encode(reading)
                var expected = reading
                if framing == .stx { expected.net = nil }
                #expect(try readings("aclas-os2", DecoderOptions(), bytes) == [expected], "\(framing) \(reading)")
            }
        }
        #expect(
            AclasOS2Encoder().encode(WeightReading(grams: 500, stable: true, net: false))
                == [0x01, 0x47, 0x53, 0x2B, 0x30, 0x2E, 0x35, 0x30, 0x30, 0x6B, 0x67, 0x0D])
        let dahua = DahuaACSEncoder()
        #expect(dahua.encode(WeightReading(grams: 1234, stable: true)) == Array("\r 1234\n".utf8))
        #expect(dahua.encode(WeightReading(grams: 150_000, stable: true)) == Array("\r99999\n".utf8))
        #expect(dahua.encode(WeightReading(grams: -20, stable: true)) == Array("\r-0020\n".utf8))
        #expect(dahua.encode(WeightReading(grams: -20_000, stable: true)) == Array("\r-9999\n".utf8))
    }

    /// MT-SICS answers SI with S/D, S with S I while unstable, overload with S +, unknown commands with ES.
    @Test func mtSICSResponder() throws {
        let responder = MTSICSResponder(unit: .g, decimals: 2)
        let stable = WeightReading(grams: 100, stable: true)
        #expect(responder.reply(to: Array("S\r\n".utf8), reading: stable) == Array("S S      100.00 g\r\n".utf8))
        #expect(
            responder.reply(to: Array("SI\r\n".utf8), reading: WeightReading(grams: 100, stable: false))
                == Array("S D      100.00 g\r\n".utf8))
        #expect(
            responder.reply(to: Array("S\r\n".utf8), reading: WeightReading(grams: 1, stable: false))
                == Array("S I\r\n".utf8))
        #expect(
            responder.reply(to: Array("SI\r\n".utf8), reading: WeightReading(grams: 0, stable: false, overload: true))
                == Array("S +\r\n".utf8))
        #expect(responder.reply(to: Array("Z\r\nXYZ\r\n".utf8), reading: stable) == Array("Z A\r\nES\r\n".utf8))
        for grams in Self.grams {
            let reply = MTSICSResponder(unit: .kg, decimals: 3).reply(
                to: Array("SI\r\n".utf8), reading: WeightReading(grams: grams, stable: true))
            #expect(try readings("mt-sics", DecoderOptions(), reply) == [WeightReading(grams: grams, stable: true)])
        }
    }

    /// Toledo answers W with the weight when settled, a status otherwise; parity bits are masked.
    @Test func toledoResponder() throws {
        let responder = Toledo8217Responder()
        #expect(
            responder.reply(to: [0x57], reading: WeightReading(grams: 1234, stable: true))
                == [0x02, 0x30, 0x31, 0x2E, 0x32, 0x33, 0x34, 0x0D])
        #expect(responder.reply(to: [0x5A], reading: WeightReading(grams: 1234, stable: true)) == [])
        let parity = Toledo8217Responder(evenParityBit: true)
        for grams in Self.grams where grams >= 0 {
            for net in [true, false] {
                let reading = WeightReading(grams: grams, stable: true, net: net)
                let decoded = try readings("toledo-8217", DecoderOptions(), parity.reply(to: [0xD7], reading: reading))
                #expect(decoded == [reading])
            }
        }
        let moving = try readings(
            "toledo-8217", DecoderOptions(),
            responder.reply(to: [0x57], reading: WeightReading(grams: 9, stable: false)))
        #expect(moving == [WeightReading(grams: 0, stable: false)])
        let negative = try readings(
            "toledo-8217", DecoderOptions(),
            responder.reply(to: [0x57], reading: WeightReading(grams: -9, stable: true)))
        #expect(negative == [WeightReading(grams: 0, stable: false, underload: true)])
    }

    /// Barcodes round-trip with every terminator.
    @Test(arguments: ["cr", "lf", "crlf", "suffix:\\t", "suffix:<END>"])
    func barcodeRoundTrip(_ terminator: String) throws {
        let encoder = BarcodeLineEncoder(terminator: try BarcodeTerminator(option: terminator))
        let reads = [
            BarcodeRead(data: "33010200100010000027"), BarcodeRead(data: "6901234567892", symbology: "]E0"),
            BarcodeRead(data: "0106901234567892\u{1D}3103001234", symbology: "]C1"), BarcodeRead(data: "猪肉 PLU 123"),
        ]
        var decoder = try ProtocolCatalog.makeDecoder(
            named: "barcode-line", options: DecoderOptions(terminator: terminator))
        let events = decoder.feed(reads.flatMap(encoder.encode))
        #expect(events == reads.map { .barcode($0) })
    }
}
