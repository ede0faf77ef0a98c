import DeviceProtocols
import TraceModel

/// A simulated scale of one protocol: the traffic it would put on the wire while a stall weighs items.
///
/// Pure: time passes only through `step(elapsedMilliseconds:)` and randomness comes from the seed, so
/// tests get the same bytes every run. Continuous protocols return frames from `step`; polled ones
/// (mt-sics, toledo-8217) return nothing from `step` and answer `respond(to:)` for the current reading.
public struct ScaleSimulation: Sendable {
    /// Phase of the platter, for coordinating a scanner with the scale.
    public enum Phase: Sendable, Hashable {
        /// Nothing on the platter.
        case empty
        /// An item was placed; the weight wobbles.
        case settling
        /// The item's weight is steady.
        case settled
    }

    /// The protocol simulated.
    public let protocolName: String
    /// Frame encoder or responder of the protocol.
    private let wire: ScaleWireEncoder
    /// The platter.
    private var cycle: WeighingCycle
    /// Randomness for the cycle and the noise.
    private var random: SeededGenerator
    /// Time stepped but not yet a whole frame interval.
    private var pendingMilliseconds = 0

    /// Creates a simulation.
    ///
    /// - Parameters:
    ///   - protocolName: a scale protocol of `ProtocolCatalog` except `generic-line`.
    ///   - options: `unit` and `reversed` shape the frames as the matching decoder expects them.
    ///   - decimals: decimal places the simulated display shows in `options.unit` (3 for kg gives grams).
    /// - Throws: `ProtocolConfigurationError` for a protocol that cannot be simulated.
    public init(
        protocolName: String, options: DecoderOptions = DecoderOptions(), decimals: Int = 3,
        settings: ScaleSimulationSettings = ScaleSimulationSettings(), seed: UInt64
    ) throws(ProtocolConfigurationError) {
        guard settings.frameIntervalMilliseconds > 0, settings.gramsStep > 0 else {
            throw ProtocolConfigurationError(
                option: nil, message: "simulation frame interval and grams step must be positive")
        }
        self.protocolName = protocolName
        self.wire = try ProtocolCatalog.makeScaleEncoder(named: protocolName, options: options, decimals: decimals)
        self.random = SeededGenerator(seed: seed)
        self.cycle = WeighingCycle(settings: settings, random: &random)
    }

    /// Whether the scale only speaks when asked (`respond(to:)`).
    public var isPolled: Bool {
        if case .polled = wire { return true }
        return false
    }

    /// Simulation time so far.
    public var elapsedMilliseconds: Int { cycle.nowMilliseconds }
    /// What the platter shows now.
    public var currentReading: WeightReading { cycle.reading }
    /// Every item placed so far, with its settled weight and times: what a decoder should report.
    public var items: [SimulatedItem] { cycle.items }
    /// The platter's phase now.
    public var phase: Phase {
        switch cycle.phase {
        case .empty: .empty
        case .settling: .settling
        case .settled: .settled
        }
    }

    /// Lets `elapsedMilliseconds` pass; returns the frames a continuous scale sent meanwhile (one per
    /// frame interval, with noise at the configured probability). Polled scales return nothing.
    public mutating func step(elapsedMilliseconds: Int) -> [UInt8] {
        pendingMilliseconds += max(0, elapsedMilliseconds)
        var bytes: [UInt8] = []
        while pendingMilliseconds >= cycle.settings.frameIntervalMilliseconds {
            pendingMilliseconds -= cycle.settings.frameIntervalMilliseconds
            bytes += tick()
        }
        return bytes
    }

    /// Advances one frame interval; returns the frame a continuous scale sends.
    mutating func tick() -> [UInt8] {
        cycle.tick(random: &random)
        guard case .continuous(let encoder) = wire else { return [] }
        return withNoise(encoder.encode(cycle.reading))
    }

    /// The reply of a polled scale to `request` for the current reading (empty for continuous scales).
    public mutating func respond(to request: [UInt8]) -> [UInt8] {
        guard case .polled(let responder) = wire else { return [] }
        let reply = responder.reply(to: request, reading: cycle.reading)
        return reply.isEmpty ? reply : withNoise(reply)
    }

    /// `frame`, sometimes preceded by line noise: 1–8 random bytes, or the first part of the frame
    /// (a half frame, as after a reconnect).
    private mutating func withNoise(_ frame: [UInt8]) -> [UInt8] {
        let probability = cycle.settings.noiseProbability
        guard probability > 0, Double.random(in: 0..<1, using: &random) < probability else { return frame }
        if Bool.random(using: &random), frame.count > 2 {
            return Array(frame.prefix(Int.random(in: 1..<(frame.count - 1), using: &random))) + frame
        }
        let garbage = (0..<Int.random(in: 1...8, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        return garbage + frame
    }
}
