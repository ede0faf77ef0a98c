/// A simulated device the gateway runs beside its real ones (the demo, tests, benchmarks); the daemon has none.
public protocol DeviceSimulator: Sendable {
    /// Sends traffic until the task is cancelled; then closes its pseudo-terminals.
    func run() async
}

/// The simulators for the devices a configuration marks `simulate: true`, and the path each such device reads
/// (a pseudo-terminal the simulator writes to), by device id.
public struct SimulatedDevices: Sendable {
    /// The simulators, run as services of the gateway before its devices.
    public var simulators: [any DeviceSimulator]
    /// The path each simulated device reads instead of its configured one, by device id.
    public var paths: [String: String]

    /// Creates the set.
    public init(simulators: [any DeviceSimulator], paths: [String: String]) {
        self.simulators = simulators
        self.paths = paths
    }
}

/// Builds the simulators of a configuration's `simulate: true` devices. The daemon links no simulator: the demo,
/// tests and benchmarks inject one through `GatewayOptions.deviceSimulation` (module `SimulatedGateway`), the way
/// tests inject device and uplink transports.
public protocol DeviceSimulation: Sendable {
    /// Simulators and paths for every simulated device of `configuration`.
    ///
    /// - Throws: `GatewayStartError` naming the device when one cannot be simulated.
    func makeSimulators(for configuration: GatewayConfiguration) throws -> SimulatedDevices
}
