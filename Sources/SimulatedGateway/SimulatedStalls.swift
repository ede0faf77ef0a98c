import DeviceProtocols
import Gateway
import Simulators

/// Simulated stalls for a configuration's `simulate: true` devices: each station whose scale is simulated gets a
/// `PseudoTerminalStall` (its scale, and its scanner when that is simulated too) whose pseudo-terminals the
/// gateway opens through the same serial transport as real devices. Handed to the gateway as
/// `GatewayOptions.deviceSimulation` by the demo and the benchmarks; the daemon never links it.
public struct SimulatedStalls: DeviceSimulation {
    /// Seed for the simulated traffic (each stall derives its own from it).
    public var seed: UInt64 = 20_261_122
    /// Probability of garbage and half frames in simulated scale traffic (nil: the simulator's default).
    public var noise: Double?
    /// Where stalls put stable symlinks to their pseudo-terminals, named after the device ids (nil: none).
    public var linkDirectory: String?

    /// Stalls with the default seed and noise, without links.
    public init() {}

    /// A stall per station with a simulated scale.
    ///
    /// - Throws: `GatewayStartError` naming the device when its protocol cannot be simulated.
    public func makeSimulators(for configuration: GatewayConfiguration) throws -> SimulatedDevices {
        var simulators: [any DeviceSimulator] = []
        var paths: [String: String] = [:]
        for (index, station) in configuration.stations.enumerated() {
            guard let scale = configuration.device(station.scale), scale.simulate else { continue }
            let scanner = station.scanner.flatMap(configuration.device).flatMap { $0.simulate ? $0 : nil }
            let stall = try makeStall(scale: scale, scanner: scanner, seed: seed &+ UInt64(index) &* 7919)
            simulators.append(stall)
            paths[scale.id] = stall.scalePath
            if let scanner, let path = stall.scannerPath { paths[scanner.id] = path }
        }
        return SimulatedDevices(simulators: simulators, paths: paths)
    }

    /// A simulated stall for a simulated scale (and its simulated scanner, if any).
    private func makeStall(scale: DeviceSettings, scanner: DeviceSettings?, seed: UInt64) throws
        -> PseudoTerminalStall
    {
        var settings = ScaleSimulationSettings()
        if let noise { settings.noiseProbability = noise }
        do {
            let scaleSimulation = try ScaleSimulation(
                protocolName: scale.protocolName, options: scale.decoderOptions, settings: settings, seed: seed)
            let stall = StallSimulation(
                scale: scaleSimulation,
                scanner: ScannerSimulation(terminator: scanner?.decoder.terminator ?? .cr, seed: seed &+ 1))
            return try PseudoTerminalStall(
                simulation: stall, scaleLink: linkDirectory.map { "\($0)/\(scale.id)" },
                scannerLink: scanner.flatMap { device in linkDirectory.map { "\($0)/\(device.id)" } },
                withScanner: scanner != nil)
        } catch {
            throw GatewayStartError("cannot simulate device \(scale.id) (\(scale.protocolName)): \(error)")
        }
    }
}

/// A stall on pseudo-terminals is a device simulator the gateway runs.
extension PseudoTerminalStall: DeviceSimulator {}
