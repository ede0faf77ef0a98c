import DeviceProtocols
import Simulators
import Testing
import TraceModel

/// Simulated scales are deterministic, decode cleanly and settle each item long enough for a trade.
@Suite struct ScaleSimulationTests {
    /// A decoded weight with the simulation time it was decoded at.
    struct TimedReading {
        /// Simulation time.
        var milliseconds: Int
        /// The reading.
        var reading: WeightReading
    }

    /// Runs `simulation` for `milliseconds`, decoding with the matching decoder (polling every frame
    /// interval for polled protocols). Returns the readings and any other events.
    static func run(
        _ simulation: inout ScaleSimulation, options: DecoderOptions = DecoderOptions(), milliseconds: Int,
        chunk: Int = 100
    ) throws -> (readings: [TimedReading], others: [DeviceEvent]) {
        var decoder = try ProtocolCatalog.makeDecoder(named: simulation.protocolName, options: options)
        var readings: [TimedReading] = []
        var others: [DeviceEvent] = []
        var elapsed = 0
        while elapsed < milliseconds {
            var bytes = simulation.step(elapsedMilliseconds: chunk)
            elapsed += chunk
            if simulation.isPolled, let poll = decoder.pollCommand { bytes += simulation.respond(to: poll) }
            for event in decoder.feed(bytes) {
                if case .weight(let reading) = event {
                    readings.append(TimedReading(milliseconds: simulation.elapsedMilliseconds, reading: reading))
                } else {
                    others.append(event)
                }
            }
        }
        return (readings, others)
    }

    /// The longest run of stable readings of exactly `grams`, in milliseconds (first to last reading).
    static func longestStableRun(of grams: Int64, in readings: [TimedReading]) -> Int {
        var best = 0
        var start: Int?
        for timed in readings {
            if timed.reading.stable, timed.reading.grams == grams {
                if start == nil { start = timed.milliseconds }
                best = max(best, timed.milliseconds - start!)
            } else {
                start = nil
            }
        }
        return best
    }

    /// Settings without line noise.
    static let clean = ScaleSimulationSettings(noiseProbability: 0)

    /// Protocols that can be simulated: every catalogue entry with a scale encoder.
    static let protocols = ProtocolCatalog.all.filter(\.hasScaleEncoder).map(\.name)

    /// The list comes from the catalogue and still holds the scales simulated by name before.
    @Test func protocolsComeFromTheCatalogue() {
        #expect(ProtocolCatalog.simulatedScaleProtocols == Self.protocols)
        #expect(
            Set(["xk3190-tf0", "xk3190-reversed", "xk3190-a12", "and", "mt-sics", "toledo-8217"])
                .isSubset(of: Self.protocols))
        for name in Self.protocols {
            #expect(ProtocolCatalog.descriptor(named: name)?.kind == .scale, "\(name)")
        }
    }

    /// Clean traffic decodes without errors; every item lifted shows its weight stable for over 1 s,
    /// and no stable non-zero weight appears that is not an item's.
    @Test(arguments: protocols)
    func everyItemSettlesForOverOneSecond(_ name: String) throws {
        var simulation = try ScaleSimulation(protocolName: name, settings: Self.clean, seed: 7)
        let (readings, others) = try Self.run(&simulation, milliseconds: 60_000)
        #expect(others.count == 0, "\(others.prefix(3))")
        let lifted = simulation.items.filter { $0.liftedAtMilliseconds != nil }
        #expect(lifted.count >= 8)
        for item in lifted {
            #expect((150...5000).contains(item.grams))
            #expect(Self.longestStableRun(of: item.grams, in: readings) > 1000, "\(name) item \(item)")
        }
        let itemWeights = Set(simulation.items.map(\.grams))
        for timed in readings where timed.reading.stable && timed.reading.grams != 0 {
            #expect(
                itemWeights.contains(timed.reading.grams),
                "\(name): stable \(timed.reading.grams) at \(timed.milliseconds)")
        }
    }

    /// The same seed gives the same bytes, whatever the step sizes; another seed gives other bytes.
    @Test func deterministicForAFixedSeed() throws {
        var a = try ScaleSimulation(protocolName: "xk3190-tf0", settings: Self.clean, seed: 99)
        var b = try ScaleSimulation(protocolName: "xk3190-tf0", settings: Self.clean, seed: 99)
        var c = try ScaleSimulation(protocolName: "xk3190-tf0", settings: Self.clean, seed: 100)
        var bytesA: [UInt8] = []
        var bytesB: [UInt8] = []
        var bytesC: [UInt8] = []
        for _ in 0..<200 { bytesA += a.step(elapsedMilliseconds: 100) }
        for _ in 0..<(20_000 / 37) { bytesB += b.step(elapsedMilliseconds: 37) }
        bytesB += b.step(elapsedMilliseconds: 20_000 - (20_000 / 37) * 37)
        for _ in 0..<200 { bytesC += c.step(elapsedMilliseconds: 100) }
        #expect(bytesA == bytesB)
        #expect(a.items == b.items)
        #expect(bytesA != bytesC)
        #expect(bytesA.count == 200 * 12)
    }

    /// With noise, the decoder reports errors, yet every item still settles for over 1 s.
    @Test(arguments: protocols)
    func noisyTrafficStillDecodes(_ name: String) throws {
        var simulation = try ScaleSimulation(
            protocolName: name, settings: ScaleSimulationSettings(noiseProbability: 0.05), seed: 11)
        let (readings, others) = try Self.run(&simulation, milliseconds: 40_000)
        #expect(!others.isEmpty)
        for item in simulation.items where item.liftedAtMilliseconds != nil {
            #expect(Self.longestStableRun(of: item.grams, in: readings) > 700, "\(name) item \(item)")
        }
    }

    /// Protocols without a wire encoder cannot be simulated, with a clear error.
    @Test func unknownProtocolIsRejected() {
        #expect(throws: ProtocolConfigurationError.self) { try ScaleSimulation(protocolName: "generic-line", seed: 1) }
        #expect(throws: ProtocolConfigurationError.self) { try ScaleSimulation(protocolName: "nope", seed: 1) }
    }
}
