import DeviceProtocols
import Synchronization
import Testing
import TraceModel

@testable import DeviceIO

/// The one supervisor loop, driven through a scripted link (no device, no file descriptor): what it does with
/// each outcome of open and serve is the same for every transport.
@Suite("DeviceSupervisor loop")
struct DeviceSupervisorTests {
    /// What the scripted link does at its next open, and how that connection ends.
    enum Step: Sendable {
        /// Open fails with a retryable or a fatal error.
        case refuse(String, retryable: Bool)
        /// Open succeeds; serve delivers `bytes` and then loses the connection (or waits for cancellation).
        case connect(bytes: [UInt8], thenLose: String?)
    }

    /// A failure the scripted link throws.
    struct ScriptedFailure: DeviceFailure {
        /// The sentence.
        var message: String
        /// Whether waiting helps.
        var isRetryable: Bool
    }

    /// A link that plays `steps` in order, one per open, and records opens and closes.
    final class ScriptedLink: DeviceLink {
        /// The script.
        private let steps: Mutex<[Step]>
        /// Opens and closes, in order ("open", "close").
        let calls = Mutex<[String]>([])
        /// Long enough that only `rescan()` can end a wait within a test.
        let backoff = ReconnectBackoff(initial: .seconds(60), maximum: .seconds(60), jitter: 0)
        /// The device id.
        let id = "scripted"

        /// A link playing `steps`.
        init(_ steps: [Step]) { self.steps = Mutex(steps) }

        /// Nothing to check.
        func validate() throws(ScriptedFailure) {}

        /// Plays the next step's open.
        func open(_ session: DeviceSession) async throws(ScriptedFailure) -> Step {
            calls.withLock { $0.append("open") }
            let step = steps.withLock { $0.isEmpty ? Step.connect(bytes: [], thenLose: nil) : $0.removeFirst() }
            if case .refuse(let message, let retryable) = step {
                throw ScriptedFailure(message: message, isRetryable: retryable)
            }
            session.update { $0.driver = "scripted" }
            return step
        }

        /// Delivers the step's bytes, then ends as scripted.
        func serve(_ step: Step, session: DeviceSession) async -> ConnectionEnd {
            guard case .connect(let bytes, let loss) = step else { return .cancelled }
            var decoder: any FrameDecoder = LineTestDecoder()
            if !bytes.isEmpty { await session.deliver(bytes, to: &decoder) }
            if let loss { return .lost(reason: loss, receivedData: !bytes.isEmpty) }
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
            return .cancelled
        }

        /// Records the close.
        func close(_ connection: Step) async { calls.withLock { $0.append("close") } }
    }

    @Test func aRetryableRefusalWaitsUntilRescanThenConnects() async throws {
        let link = ScriptedLink([
            .refuse("not plugged in", retryable: true), .connect(bytes: ascii("A\r\n"), thenLose: nil),
        ])
        let log = UpdateLog()
        let supervisor = DeviceSupervisor(link: link, logger: quietLogger, sink: log.sink)
        try await withRunning(supervisor) {
            #expect(await eventually { supervisor.status.state == .waitingForDevice("not plugged in") })
            // The backoff is 60 s: only the wake-up can bring the second open within the test.
            supervisor.rescan()
            #expect(await eventually { log.barcodes == ["A"] })
            #expect(supervisor.status.state == .connected)
            #expect(supervisor.status.reconnects == 0, "the first connection is not a reconnect")
            #expect(supervisor.status.lastError == "not plugged in", "kept for diagnosis after recovery")
        }
        #expect(log.states.map(\.name) == ["waitingForDevice", "connected", "stopped"])
        #expect(link.calls.withLock { $0 } == ["open", "open", "close"])
    }

    @Test func aFatalRefusalFailsAndThrows() async throws {
        let link = ScriptedLink([.refuse("baud 7 is not a baud rate", retryable: false)])
        let log = UpdateLog()
        let supervisor = DeviceSupervisor(link: link, logger: quietLogger, sink: log.sink)
        await #expect(throws: ScriptedFailure.self) { try await supervisor.run() }
        #expect(supervisor.status.state == .failed("baud 7 is not a baud rate"))
        #expect(log.states == [.failed("baud 7 is not a baud rate")])
        #expect(link.calls.withLock { $0 } == ["open"])
    }

    @Test func aLostConnectionIsClosedCountedAndReopened() async throws {
        let link = ScriptedLink([
            .connect(bytes: ascii("ONE\r\n"), thenLose: "hung up"), .connect(bytes: ascii("TWO\r\n"), thenLose: nil),
        ])
        let log = UpdateLog()
        let supervisor = DeviceSupervisor(link: link, logger: quietLogger, sink: log.sink)
        try await withRunning(supervisor) {
            #expect(await eventually { supervisor.status.state == .waitingForDevice("hung up") })
            supervisor.rescan()
            #expect(await eventually { log.barcodes == ["ONE", "TWO"] })
            #expect(supervisor.status.reconnects == 1)
            #expect(supervisor.status.frames == 2)
            #expect(supervisor.status.bytesRead == 10)
            #expect(supervisor.status.driver == "scripted")
        }
        #expect(link.calls.withLock { $0 } == ["open", "close", "open", "close"])
        #expect(log.states.map(\.name) == ["connected", "waitingForDevice", "connected", "stopped"])
    }

    @Test func aRescanWhileConnectedDoesNotCutTheNextBackoffShort() async throws {
        let link = ScriptedLink([
            .connect(bytes: ascii("ONE\r\n"), thenLose: "hung up"), .connect(bytes: [], thenLose: nil),
        ])
        let log = UpdateLog()
        let supervisor = DeviceSupervisor(link: link, logger: quietLogger, sink: log.sink)
        // Signalled before the device connected: stale once it is there, so the 60 s backoff after the loss holds.
        supervisor.rescan()
        try await withRunning(supervisor) {
            #expect(await eventually { supervisor.status.state == .waitingForDevice("hung up") })
            try await Task.sleep(for: .milliseconds(300))
            #expect(link.calls.withLock { $0 } == ["open", "close"], "reopened without a new wake-up")
        }
    }
}
