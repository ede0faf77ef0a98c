import CommandSupport
import Foundation
import Logging
import ServiceLifecycle
import Simulators

/// Runs stand-alone simulators (`tracegate-tools simulate …`) until SIGTERM/SIGINT, then closes their
/// pseudo-terminals and removes their symlinks.
enum SimulatorHost {
    /// Runs `simulators` (simulated stalls, RFID readers) until a signal arrives.
    static func run(
        _ simulators: [any PseudoTerminalSimulator], logger: Logger = Logger(label: "tracegate.simulate")
    ) async throws {
        let services = simulators.map {
            ServiceGroupConfiguration.ServiceConfiguration(
                service: SimulatorService(simulator: $0), successTerminationBehavior: .gracefullyShutdownGroup)
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Prints `paths` (the simulator's pseudo-terminals, in one unbuffered write so a parent can read them at
    /// once), then runs `simulator` until a signal arrives; a reader that closed the pipe does not stop it.
    static func run(_ simulator: any PseudoTerminalSimulator, printing paths: String) async throws {
        writeOutput(Data((paths + "\n").utf8))
        signal(SIGPIPE, SIG_IGN)
        try await run([simulator])
    }
}

/// One simulator as a service.
private struct SimulatorService: Service {
    /// The simulator.
    let simulator: any PseudoTerminalSimulator

    /// Sends traffic until graceful shutdown.
    func run() async throws {
        await cancelWhenGracefulShutdown { await simulator.run() }
    }
}
