import DeviceIO
import Foundation
import Synchronization
import Testing

/// The supervisor over pseudo-terminals: connect, decode, wait for a missing device, silence, unplug, polling.
@Suite struct SerialDeviceSupervisorTests {
    /// Builds a supervisor for `path` with a line decoder and fast backoff.
    func makeSupervisor(
        path: String, log: UpdateLog, pollCommand: [UInt8]? = nil, pollInterval: Duration = .milliseconds(50),
        silenceTimeout: Duration? = nil, baud: Int = 9600
    ) -> SerialDeviceSupervisor {
        let configuration = SerialDeviceConfiguration(
            id: "scale-1", settings: SerialSettings(path: path, baud: baud), pollCommand: pollCommand,
            pollInterval: pollInterval, silenceTimeout: silenceTimeout, backoff: testBackoff)
        return SerialDeviceSupervisor(
            configuration: configuration, logger: quietLogger, makeDecoder: { LineTestDecoder() }, sink: log.sink)
    }

    /// Reads decodes and counts frames and errors.
    @Test func readsDecodesAndCountsFramesAndErrors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pty = try PseudoTerminal(symlinkPath: directory.file("scale"))
        defer { pty.close() }
        let log = UpdateLog()
        let supervisor = makeSupervisor(path: directory.file("scale"), log: log)
        try await withRunning(supervisor) {
            #expect(await eventually { supervisor.status.state == .connected })
            try await pty.write(ascii("69012345\r\n!garbage\r\nABC"))
            try await pty.write(ascii("DEF\r\n"))
            #expect(await eventually { log.barcodes.count == 2 })
        }
        #expect(log.barcodes == ["69012345", "ABCDEF"])
        let status = supervisor.status
        #expect(status.frames == 2)
        #expect(status.decodeErrors == 1)
        #expect(status.bytesRead == 28)
        #expect(status.lastEventAt != nil)
        #expect(status.driver == "termios")
        #expect(status.state == .stopped)
        #expect(log.states.first == .connected)
        #expect(log.states.last == .stopped)
    }

    /// Waits for a missing device then connects.
    @Test func waitsForAMissingDeviceThenConnects() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("scale")
        let log = UpdateLog()
        let supervisor = makeSupervisor(path: path, log: log)
        try await withRunning(supervisor) {
            #expect(await eventually { supervisor.status.state.name == "waitingForDevice" })
            let reason = try #require(supervisor.status.state.reason)
            #expect(reason.contains(path))
            #expect(reason.contains("No such file"))
            // Backoff keeps retrying; the waiting state is reported once, not once per attempt.
            try await Task.sleep(for: .milliseconds(200))
            #expect(log.states.filter { $0.name == "waitingForDevice" }.count == 1)
            #expect(supervisor.status.lastError?.contains("No such file") == true)

            let pty = try PseudoTerminal(symlinkPath: path)
            defer { pty.close() }
            #expect(await eventually { supervisor.status.state == .connected })
            try await pty.write(ascii("HELLO\r\n"))
            #expect(await eventually { log.barcodes == ["HELLO"] })
        }
        #expect(supervisor.status.reconnects == 0)
    }

    /// Unplug and replug over a pseudo terminal reconnects.
    @Test func unplugAndReplugOverAPseudoTerminalReconnects() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("scale")
        let log = UpdateLog()
        let supervisor = makeSupervisor(path: path, log: log)
        try await withRunning(supervisor) {
            let first = try PseudoTerminal(symlinkPath: path)
            #expect(await eventually { supervisor.status.state == .connected })
            try await first.write(ascii("ONE\r\n"))
            #expect(await eventually { log.barcodes == ["ONE"] })

            // Unplug: the symlink goes and the master closes, so the slave hangs up.
            first.close()
            #expect(await eventually { supervisor.status.state.name == "waitingForDevice" })
            #expect(supervisor.status.reconnects == 0)

            // Replug: a new pty appears under the same name.
            let second = try PseudoTerminal(symlinkPath: path)
            defer { second.close() }
            #expect(await eventually { supervisor.status.state == .connected })
            try await second.write(ascii("TWO\r\n"))
            #expect(await eventually { log.barcodes == ["ONE", "TWO"] })
            #expect(supervisor.status.reconnects == 1)
        }
        // Consecutive waiting states differ only in their reason ("hung up", then "No such file").
        var names: [String] = []
        for name in log.states.map(\.name) where names.last != name { names.append(name) }
        #expect(Array(names.prefix(3)) == ["connected", "waitingForDevice", "connected"])
        #expect(names.last == "stopped")
    }

    /// Silence timeout reopens and counts.
    @Test func silenceTimeoutReopensAndCounts() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pty = try PseudoTerminal(symlinkPath: directory.file("scale"))
        defer { pty.close() }
        let log = UpdateLog()
        let supervisor = makeSupervisor(path: directory.file("scale"), log: log, silenceTimeout: .milliseconds(150))
        try await withRunning(supervisor) {
            #expect(await eventually { supervisor.status.silenceTimeouts >= 1 && supervisor.status.reconnects >= 1 })
            #expect(await eventually { supervisor.status.state == .connected })
            // Still reads after the reopen. With a 150 ms timeout the supervisor keeps reopening while the line is
            // quiet, and every open flushes stale input, so one line can land in that flush: send it until read,
            // as a continuously sending scale would.
            var sent = 0
            while !log.barcodes.contains("AFTER"), sent < 300 {
                try await pty.write(ascii("AFTER\r\n"))
                sent += 1
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(log.barcodes.contains("AFTER"))
        }
        #expect(supervisor.status.lastError?.contains("no data from") == true)
        #expect(log.states.contains { $0.reason?.contains("no data from") == true })
    }

    /// Writes the poll command on schedule.
    @Test func writesThePollCommandOnSchedule() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pty = try PseudoTerminal(symlinkPath: directory.file("scale"))
        defer { pty.close() }
        let log = UpdateLog()
        let supervisor = makeSupervisor(
            path: directory.file("scale"), log: log, pollCommand: ascii("S\r\n"), pollInterval: .milliseconds(40))
        let received = Mutex<[UInt8]>([])
        try await withRunning(supervisor) {
            #expect(
                await eventually {
                    let bytes = pty.readAvailable()
                    return received.withLock { all in
                        all += bytes
                        return all.count >= 9
                    }
                })
        }
        let bytes = received.withLock { $0 }
        // Only whole poll commands, nothing else.
        #expect(bytes.count % 3 == 0)
        #expect(bytes == Array([[UInt8]](repeating: ascii("S\r\n"), count: bytes.count / 3).joined()))
        #expect(supervisor.status.pollsWritten >= 3)
    }

    /// Never writes without a poll command.
    @Test func neverWritesWithoutAPollCommand() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pty = try PseudoTerminal(symlinkPath: directory.file("scale"))
        defer { pty.close() }
        let log = UpdateLog()
        let supervisor = makeSupervisor(path: directory.file("scale"), log: log)
        try await withRunning(supervisor) {
            #expect(await eventually { supervisor.status.state == .connected })
            for index in 0..<5 { try await pty.write(ascii("CODE\(index)\r\n")) }
            #expect(await eventually { log.barcodes.count == 5 })
            // Give a misbehaving writer the chance to write, then look at the master side.
            try await Task.sleep(for: .milliseconds(300))
            #expect(pty.readAvailable() == [])
        }
        #expect(supervisor.status.pollsWritten == 0)
    }

    /// Invalid settings fail without retrying.
    @Test func invalidSettingsFailWithoutRetrying() async throws {
        let log = UpdateLog()
        let supervisor = makeSupervisor(path: "/dev/null-scale", log: log, baud: -5)
        await #expect(throws: DeviceError.self) { try await supervisor.run() }
        let state = supervisor.status.state
        #expect(state.name == "failed")
        #expect(state.reason?.contains("baud") == true)
        #expect(state.reason?.contains("scale-1") == true)
    }

    /// A baud rate termios cannot set fails the device (state failed) instead of retrying.
    @Test func aBaudTermiosCannotSetFailsTheDevice() async throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let log = UpdateLog()
        let supervisor = makeSupervisor(path: pty.slavePath, log: log, baud: 12345)
        await #expect(throws: DeviceError.self) { try await supervisor.run() }
        #expect(supervisor.status.state.reason?.contains("12345") == true)
        #expect(log.states.map(\.name) == ["failed"])
    }

    /// Cancellation stops a waiting supervisor.
    @Test func cancellationStopsAWaitingSupervisor() async throws {
        let log = UpdateLog()
        let supervisor = makeSupervisor(path: "/nonexistent/tracegate-scale", log: log)
        try await withRunning(supervisor) {
            #expect(await eventually { supervisor.status.state.name == "waitingForDevice" })
        }
        #expect(supervisor.status.state == .stopped)
    }
}
