import DeviceIO
import Foundation
import Synchronization
import TraceModel

#if canImport(Glibc)
    import Glibc
#endif

/// A simulated stall on pseudo-terminals: the gateway opens `scalePath` and `scannerPath` exactly as it
/// would open real serial devices. Continuous scales send every frame interval, polled scales answer
/// the requests the gateway writes, and the scanner sends a code whenever the platter is empty.
///
/// Like a real device, the simulator keeps sending while nobody listens: frames that find the
/// pseudo-terminal's buffer full are dropped, never queued for later.
public final class PseudoTerminalStall: Sendable {
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
        let tick = Duration.milliseconds(100)
        var last = ContinuousClock.now
        var next = last + tick
        while !Task.isCancelled {
            if polled {
                // Answer requests until the next tick. A pty whose reader is gone reports hangup
                // continuously, so sleep instead of spinning on it.
                do {
                    let readiness = try await PollReactor.shared.wait(
                        scale.masterFileDescriptor, for: .readable, deadline: next)
                    if readiness == .ready {
                        let request = scale.readAvailable()
                        if !request.isEmpty {
                            let reply = simulation.withLock { $0.respondToScale(request) }
                            Self.send(reply, to: scale)
                        }
                        continue
                    } else if readiness == .hangup {
                        try await Task.sleep(until: next, clock: .continuous)
                    }
                } catch {
                    return
                }
            } else {
                do { try await Task.sleep(until: next, clock: .continuous) } catch { return }
            }
            let now = ContinuousClock.now
            let elapsed = now - last
            let milliseconds = Int(
                elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            guard milliseconds > 0 else { continue }
            last = now
            next = now + tick
            let (traffic, newScans) = simulation.withLock { simulation in
                let before = simulation.expected.count
                let traffic = simulation.step(elapsedMilliseconds: milliseconds)
                return (traffic, simulation.expected[before...].map(\.scan))
            }
            Self.send(traffic.scale, to: scale)
            if let scanner {
                Self.send(traffic.scanner, to: scanner)
                for scan in newScans { onScan?(scan) }
            }
        }
    }

    /// Writes without waiting; what does not fit is dropped, as a serial line drops bytes nobody reads.
    static func send(_ bytes: [UInt8], to terminal: PseudoTerminal) {
        guard !bytes.isEmpty else { return }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes {
                write(terminal.masterFileDescriptor, $0.baseAddress, $0.count)
            }
            if count > 0 {
                offset += count
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
