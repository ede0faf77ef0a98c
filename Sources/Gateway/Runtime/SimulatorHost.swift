import Logging
import ServiceLifecycle
import Simulators

/// Runs stand-alone simulators (`tracegate simulate …`) until SIGTERM/SIGINT, then closes their
/// pseudo-terminals and removes their symlinks.
public enum SimulatorHost {
    /// Runs `stalls` (simulated stalls, RFID readers) until a signal arrives.
    public static func run(
        _ stalls: [any PseudoTerminalSimulator], logger: Logger = Logger(label: "tracegate.simulate")
    )
        async throws
    {
        let services = stalls.map {
            ServiceGroupConfiguration.ServiceConfiguration(
                service: SimulatorService(simulator: $0), successTerminationBehavior: .gracefullyShutdownGroup)
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
