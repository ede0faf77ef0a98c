import DeviceIO
import Synchronization
import TraceModel

/// A simulated stall on pseudo-terminals: the gateway opens `scalePath` and `scannerPath` exactly as it
/// would open real serial devices. Continuous scales send every frame interval, polled scales answer
/// the requests the gateway writes, and the scanner sends a code whenever the platter is empty.
///
/// Like a real device, the simulator keeps sending while nobody listens: frames that find the
/// pseudo-terminal's buffer full are dropped, never queued for later.
public final class PseudoTerminalStall: PseudoTerminalSimulator {
    /// The scale's pseudo-terminal.
    public let scale: PseudoTerminal
    /// The scanner's pseudo-terminal, when the stall has a simulated scanner.
    public let scanner: PseudoTerminal?
    private let simulation: Mutex<StallSimulation>
    private let onScan: (@Sendable (BarcodeRead) -> Void)?

    /// Creates the pseudo-terminals (with stable symlinks when given) for `simulation`.
    public init(
        simulation: StallSimulation, scaleLink: String? = nil, scannerLink: String? = nil, withScanner: Bool = true,
        onScan: (@Sendable (BarcodeRead) -> Void)? = nil
    ) throws {
        scale = try PseudoTerminal(symlinkPath: scaleLink)
        scanner = withScanner ? try PseudoTerminal(symlinkPath: scannerLink) : nil
        self.simulation = Mutex(simulation)
        self.onScan = onScan
    }

    /// The path the gateway opens for the scale (the symlink when one was asked for).
    public var scalePath: String { scale.symlinkPath ?? scale.slavePath }
    /// The path the gateway opens for the scanner.
    public var scannerPath: String? { scanner.map { $0.symlinkPath ?? $0.slavePath } }

    /// What was scanned and weighed so far.
    public var expected: [StallSimulation.ExpectedItem] { simulation.withLock { $0.expected } }

    /// Sends traffic until the task is cancelled; then closes the pseudo-terminals.
    public func run() async {
        defer {
            scale.close()
            scanner?.close()
        }
        let polled = simulation.withLock { $0.scale.isPolled }
        await PseudoTerminalPump.run(
            terminal: scale, polled: polled,
            respond: { request in simulation.withLock { $0.respondToScale(request) } },
            step: { milliseconds in
                let (traffic, newScans) = simulation.withLock { simulation in
                    let before = simulation.expected.count
                    let traffic = simulation.step(elapsedMilliseconds: milliseconds)
                    return (traffic, simulation.expected[before...].map(\.scan))
                }
                PseudoTerminalPump.send(traffic.scale, to: scale)
                if let scanner {
                    PseudoTerminalPump.send(traffic.scanner, to: scanner)
                    for scan in newScans { onScan?(scan) }
                }
            })
    }
}
