import DeviceIO
import Foundation
import Testing

/// The termios transport on openpty pairs, driven by the poll reactor.
@Suite struct TermiosTransportTests {
    /// Reads from `transport` until `count` bytes arrived, waiting through the reactor.
    func read(_ count: Int, from transport: some SerialTransport) async throws -> [UInt8] {
        var received: [UInt8] = []
        while received.count < count {
            let readiness = try await PollReactor.shared.wait(
                transport.fileDescriptor, for: .readable, deadline: .now + .seconds(10))
            try #require(readiness == .ready)
            if case .bytes(let bytes) = try transport.readAvailable() { received += bytes }
        }
        return received
    }

    /// Writes `bytes` to the master side in chunks of `chunkSize`.
    func write(_ bytes: [UInt8], to pty: PseudoTerminal, chunkSize: Int) async throws {
        for start in stride(from: 0, to: bytes.count, by: chunkSize) {
            try await pty.write(Array(bytes[start..<min(start + chunkSize, bytes.count)]))
        }
    }

    /// Frames arrive whatever the chunking.
    @Test(arguments: [1, 2, 5, 12, 64])
    func framesArriveWhateverTheChunking(chunkSize: Int) async throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let transport = try TermiosTransport(settings: SerialSettings(path: pty.slavePath, driver: .termios))
        defer { transport.close() }
        // Two XK3190 tF=0 frames (devices.md §1a): +20.00 and +56.78.
        let frames: [UInt8] = [
            0x02, 0x2B, 0x30, 0x30, 0x32, 0x30, 0x30, 0x30, 0x32, 0x31, 0x42, 0x03,
            0x02, 0x2B, 0x30, 0x30, 0x35, 0x36, 0x37, 0x38, 0x32, 0x31, 0x35, 0x03,
        ]
        async let writing: Void = write(frames, to: pty, chunkSize: chunkSize)
        let received = try await read(frames.count, from: transport)
        try await writing
        #expect(received == frames)
    }

    /// Binary bytes pass untranslated.
    @Test func binaryBytesPassUntranslated() async throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let transport = try TermiosTransport(settings: SerialSettings(path: pty.slavePath, baud: 115200))
        defer { transport.close() }
        let bytes = (0...255).map { UInt8($0) }
        async let writing: Void = pty.write(bytes)
        let received = try await read(bytes.count, from: transport)
        try await writing
        #expect(received == bytes)
        // Raw mode: no echo back to the device.
        #expect(pty.readAvailable() == [])
    }

    /// Waiting readers do not block other tasks.
    @Test func waitingReadersDoNotBlockOtherTasks() async throws {
        // More idle readers than the cooperative pool has threads: if a wait blocked a thread,
        // the task below could never run and the readers could never be fed.
        let terminals = try (0..<8).map { _ in try PseudoTerminal() }
        defer { terminals.forEach { $0.close() } }
        let transports = try terminals.map { try TermiosTransport(settings: SerialSettings(path: $0.slavePath)) }
        defer { transports.forEach { $0.close() } }
        try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for terminal in terminals {
                let path = terminal.slavePath
                group.addTask {
                    let transport = try TermiosTransport(settings: SerialSettings(path: path))
                    defer { transport.close() }
                    return try await read(4, from: transport)
                }
            }
            #expect(await eventually { PollReactor.shared.waiterCount >= 8 })
            let sum = await Task { (1...1000).reduce(0, +) }.value
            #expect(sum == 500_500)
            for terminal in terminals { try await terminal.write(ascii("PING")) }
            var results: [[UInt8]] = []
            for try await result in group { results.append(result) }
            #expect(results.count == 8)
            #expect(results.allSatisfy { $0 == ascii("PING") })
        }
    }

    /// Hangup is reported when the master closes.
    @Test func hangupIsReportedWhenTheMasterCloses() async throws {
        let pty = try PseudoTerminal()
        let transport = try TermiosTransport(settings: SerialSettings(path: pty.slavePath))
        defer { transport.close() }
        pty.close()
        let readiness = try await PollReactor.shared.wait(
            transport.fileDescriptor, for: .readable, deadline: .now + .seconds(10))
        #expect(readiness != .timedOut)
        guard case .hangup(let reason) = try transport.readAvailable() else {
            Issue.record("expected a hangup")
            return
        }
        #expect(reason.contains(pty.slavePath))
    }

    /// Missing path is retryable and names the path.
    @Test func missingPathIsRetryableAndNamesThePath() throws {
        let settings = SerialSettings(path: "/nonexistent/ttyUSB9")
        #expect {
            _ = try settings.openTransport()
        } throws: { error in
            guard let error = error as? DeviceError else { return false }
            return error.isRetryable && error.message.contains("/nonexistent/ttyUSB9")
                && error.message.contains("plugged in")
        }
    }
}
