import DeviceIO
import Synchronization
import TraceModel

/// A simulated RFID reader on a pseudo-terminal: the gateway opens `path` exactly as it would open the
/// reader's serial port. Continuous readers send their repeated reads every tick; polled readers answer
/// the inventory commands the gateway writes.
public final class PseudoTerminalRFIDReader: PseudoTerminalSimulator {
    /// The reader's pseudo-terminal.
    public let terminal: PseudoTerminal
    /// The reader, shared between the request and tick paths of the pump.
    private let simulation: Mutex<RFIDReaderSimulation>
    /// Hears of each tag entering the field.
    private let onVisit: (@Sendable (SimulatedTag) -> Void)?

    /// Creates the pseudo-terminal (with a stable symlink when `link` is given) for `simulation`;
    /// `onVisit` hears of each tag entering the field.
    public init(
        simulation: RFIDReaderSimulation, link: String? = nil, onVisit: (@Sendable (SimulatedTag) -> Void)? = nil
    ) throws {
        terminal = try PseudoTerminal(symlinkPath: link)
        self.simulation = Mutex(simulation)
        self.onVisit = onVisit
    }

    /// The path the gateway opens (the symlink when one was asked for).
    public var path: String { terminal.symlinkPath ?? terminal.slavePath }

    /// The visits so far.
    public var visits: [RFIDReaderSimulation.Visit] { simulation.withLock { $0.visits } }

    /// Sends traffic until the task is cancelled; then closes the pseudo-terminal.
    public func run() async {
        defer { terminal.close() }
        let polled = simulation.withLock { $0.isPolled }
        await PseudoTerminalPump.run(
            terminal: terminal, polled: polled,
            respond: { request in simulation.withLock { $0.respond(to: request) } },
            step: { milliseconds in
                let (bytes, newVisits) = simulation.withLock { simulation in
                    let before = simulation.visits.count
                    let bytes = simulation.step(elapsedMilliseconds: milliseconds)
                    return (bytes, simulation.visits[before...].map(\.tag))
                }
                PseudoTerminalPump.send(bytes, to: terminal)
                for tag in newVisits { onVisit?(tag) }
            })
    }
}
