import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One `tracegate run` child process whose standard error the benchmark reads, to time its
/// "tracegate: ready" line and read its memory from /proc.
///
/// Reads block the calling thread in poll(2) on purpose: the benchmark has nothing else to do while it
/// waits, and a blocking read timestamps the line as soon as it arrives, without an executor hop.
final class GatewayProcess {
    /// The line `tracegate run` prints once the ledger is open, devices and stations started and the API listens.
    static let readyLine = "tracegate: ready"

    /// The child.
    let process: Process
    private let errorPipe = Pipe()
    private let spawnedAt: ContinuousClock.Instant
    /// Standard error read so far (for error messages).
    private(set) var errorOutput = Data()

    /// Spawns `executable run --config configurationPath --api-port 0`; the clock starts just before the spawn.
    init(executable: String, configurationPath: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["run", "--config", configurationPath, "--api-port", "0"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorPipe
        spawnedAt = .now
        do {
            try process.run()
        } catch {
            throw BenchError("cannot start \(executable) run: \(error)")
        }
    }

    /// The child's process id.
    var pid: Int32 { process.processIdentifier }

    /// Reads standard error until the ready line; returns the time from spawn to reading it.
    /// Throws if the daemon exits first or is not ready within `timeout`.
    func waitUntilReady(timeout: Duration = .seconds(10)) throws -> Duration {
        let deadline = spawnedAt + timeout
        while true {
            let now = ContinuousClock.now
            guard now < deadline else {
                throw BenchError("tracegate run was not ready within \(timeout); it said:\n\(errorText)")
            }
            guard try readSome(waitingAtMost: deadline - now) else {
                throw BenchError("tracegate run exited before it was ready; it said:\n\(errorText)")
            }
            if errorText.contains(Self.readyLine) { return ContinuousClock.now - spawnedAt }
        }
    }

    /// Keeps reading standard error for `duration` (so the daemon never blocks on a full pipe).
    func drain(for duration: Duration) throws {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            guard try readSome(waitingAtMost: deadline - ContinuousClock.now) else { return }
        }
    }

    /// SIGTERM, then reads standard error to its end and waits; returns the exit status.
    @discardableResult
    func stop() throws -> Int32 {
        if process.isRunning { process.terminate() }
        try drain(for: .seconds(10))
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGKILL — the crash the ledger and the outbox must survive, no clean-up — and waits for the exit.
    func crash() {
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    /// Runs `body`, a measurement of the running daemon; when it throws, stops the daemon (however it exits)
    /// before rethrowing, so no daemon outlives a failed benchmark.
    func measuring<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch {
            _ = try? stop()
            throw error
        }
    }

    /// Throws, with what the daemon said, unless `status` (from `stop()`) is a clean exit on SIGTERM.
    func requireCleanStop(_ status: Int32) throws {
        guard status == 0 else {
            throw BenchError("tracegate run exited with status \(status) on SIGTERM; it said:\n\(errorText)")
        }
    }

    /// Standard error so far as text.
    var errorText: String { String(decoding: errorOutput, as: UTF8.self) }

    /// Waits up to `timeout` for standard error; appends what arrived. False at end of file.
    private func readSome(waitingAtMost timeout: Duration) throws -> Bool {
        let descriptor = errorPipe.fileHandleForReading.fileDescriptor
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        // Whole milliseconds, rounded up: a sub-second wait must not become a 1 ms poll loop that steals the CPU
        // the measured processes need.
        let (seconds, attoseconds) = timeout.components
        let milliseconds = Int32(clamping: max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1))
        let ready = poll(&request, 1, milliseconds)
        if ready < 0 {
            if errno == EINTR { return true }
            throw BenchError("poll on the daemon's standard error failed: errno \(errno)")
        }
        guard ready > 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(descriptor, &buffer, buffer.count)
        if count < 0 {
            if errno == EINTR || errno == EAGAIN { return true }
            throw BenchError("reading the daemon's standard error failed: errno \(errno)")
        }
        guard count > 0 else { return false }
        errorOutput.append(contentsOf: buffer[0..<count])
        // Keep the recent part only: a daemon that runs for hours must not grow this process's memory.
        if errorOutput.count > 1 << 20 { errorOutput.removeFirst(errorOutput.count - (256 << 10)) }
        return true
    }
}
