import DeviceIO
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The loop every pseudo-terminal simulator runs: answer requests as they come (polled devices), and
/// advance the simulation every tick with the time that really passed.
enum PseudoTerminalPump {
    /// Runs until the task is cancelled. `respond` answers the bytes read from `terminal` (polled devices
    /// only); `step` advances the simulation by the elapsed milliseconds and sends what it produced.
    static func run(
        terminal: PseudoTerminal, polled: Bool, tick: Duration = .milliseconds(100),
        respond: ([UInt8]) -> [UInt8], step: (Int) -> Void
    ) async {
        var last = ContinuousClock.now
        var next = last + tick
        while !Task.isCancelled {
            if polled {
                // Answer requests until the next tick. A pty whose reader is gone reports hangup
                // continuously, so sleep instead of spinning on it.
                do {
                    let readiness = try await PollReactor.shared.wait(
                        terminal.masterFileDescriptor, for: .readable, deadline: next)
                    if readiness == .ready {
                        let request = terminal.readAvailable()
                        if !request.isEmpty { send(respond(request), to: terminal) }
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
            step(milliseconds)
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
