import CSerialPort
import Foundation
import Glibc
import Synchronization

/// Waits for file descriptors to become readable or writable without blocking Swift's cooperative pool.
///
/// Why: the pool has one thread per core (two on the gateway box). A blocking `read(2)` per device
/// would starve every other task, and one thread per device (Odoo's design) does not scale to ~50
/// devices. Instead one dedicated thread runs `poll(2)` over every registered descriptor plus a wake
/// pipe and resumes the waiting tasks' continuations. With nothing ready and no deadline it sleeps
/// in `poll` with an infinite timeout, so an idle gateway costs no CPU; deadlines are honoured to the
/// millisecond (rounded up, so it never spins on sub-millisecond remainders).
///
/// The thread starts on the first wait and lives for the rest of the process; use `shared` unless
/// a test wants isolation.
public final class PollReactor: Sendable {
    /// What to wait for.
    public enum Interest: Sendable, Hashable {
        /// Data (or a hangup) can be read.
        case readable
        /// The descriptor accepts writes.
        case writable
    }

    /// Why a wait ended.
    public enum Readiness: Sendable, Hashable {
        /// The interest is satisfied (possibly together with a hangup; the next read tells).
        case ready
        /// POLLHUP, POLLERR or POLLNVAL without the interest: the device is gone or the descriptor closed.
        case hangup
        /// The deadline passed first.
        case timedOut
    }

    /// One waiting task.
    private struct Waiter {
        /// The descriptor.
        var fd: Int32
        /// poll(2) event mask.
        var events: Int16
        /// When to give up; nil waits forever.
        var deadline: ContinuousClock.Instant?
        /// The suspended task.
        var continuation: CheckedContinuation<Readiness, any Error>
    }

    /// Everything shared between waiting tasks and the poll thread.
    private struct State {
        /// Registered waiters by id.
        var waiters: [UInt64: Waiter] = [:]
        /// Ids handed out whose continuation is not registered yet.
        var pending: Set<UInt64> = []
        /// Pending ids whose task was cancelled before registering.
        var cancelled: Set<UInt64> = []
        /// Last id handed out.
        var lastID: UInt64 = 0
        /// Whether the poll thread runs.
        var threadStarted = false
    }

    /// The process-wide reactor.
    public static let shared = PollReactor()

    /// Shared state; Mutex keeps the class Sendable without `@unchecked`.
    private let state = Mutex(State())
    /// Read end of the wake pipe, polled by the thread.
    private let wakeReader: Int32
    /// Write end of the wake pipe; one byte interrupts `poll` after a registration or cancellation.
    private let wakeWriter: Int32

    /// Creates a reactor; its thread starts on the first wait.
    public init() {
        var ends: [Int32] = [-1, -1]
        guard pipe2(&ends, O_NONBLOCK | O_CLOEXEC) == 0 else {
            fatalError("PollReactor: pipe2 failed: \(String(cString: strerror(errno))) (out of file descriptors?)")
        }
        wakeReader = ends[0]
        wakeWriter = ends[1]
    }

    /// Suspends until `fd` is ready for `interest`, hangs up, or `deadline` passes.
    ///
    /// Throws `CancellationError` promptly when the task is cancelled. The descriptor must stay open
    /// until this returns.
    public func wait(
        _ fd: Int32, for interest: Interest, deadline: ContinuousClock.Instant? = nil
    ) async throws -> Readiness {
        let id = state.withLock { state in
            state.lastID += 1
            state.pending.insert(state.lastID)
            return state.lastID
        }
        let events = Int16(interest == .readable ? POLLIN : POLLOUT)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Readiness, any Error>) in
                let registered = state.withLock { state -> Bool in
                    state.pending.remove(id)
                    if state.cancelled.remove(id) != nil { return false }
                    state.waiters[id] = Waiter(fd: fd, events: events, deadline: deadline, continuation: continuation)
                    if !state.threadStarted {
                        state.threadStarted = true
                        let thread = Thread { [self] in self.pollLoop() }
                        thread.name = "tracegate-poll"
                        thread.start()
                    }
                    return true
                }
                if registered {
                    wake()
                } else {
                    continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<Readiness, any Error>? in
                if let waiter = state.waiters.removeValue(forKey: id) { return waiter.continuation }
                if state.pending.contains(id) { state.cancelled.insert(id) }
                return nil
            }
            if let continuation {
                continuation.resume(throwing: CancellationError())
                wake()
            }
        }
    }

    /// How many tasks are waiting right now (for tests and status pages).
    public var waiterCount: Int { state.withLock { $0.waiters.count } }

    /// Interrupts the poll thread so it picks up changed registrations.
    private func wake() {
        var byte: UInt8 = 1
        // A full pipe (EAGAIN) already guarantees a wake-up, so the result is ignored.
        _ = Glibc.write(wakeWriter, &byte, 1)
    }

    /// The poll thread's body.
    private func pollLoop() {
        var descriptors: [pollfd] = []
        var ids: [UInt64] = []
        var drain = [UInt8](repeating: 0, count: 64)
        while true {
            let now = ContinuousClock.now
            var expired: [CheckedContinuation<Readiness, any Error>] = []
            var timeout: Int32 = -1
            state.withLock { state in
                descriptors = [pollfd(fd: wakeReader, events: Int16(POLLIN), revents: 0)]
                ids = [0]
                for (id, waiter) in state.waiters {
                    if let deadline = waiter.deadline {
                        if deadline <= now {
                            state.waiters[id] = nil
                            expired.append(waiter.continuation)
                            continue
                        }
                        let milliseconds = Self.millisecondsRoundedUp(deadline - now)
                        timeout = timeout < 0 ? milliseconds : min(timeout, milliseconds)
                    }
                    descriptors.append(pollfd(fd: waiter.fd, events: waiter.events, revents: 0))
                    ids.append(id)
                }
            }
            for continuation in expired { continuation.resume(returning: .timedOut) }
            if !expired.isEmpty { continue }

            let count = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if count < 0 {
                if errno == EINTR { continue }
                fatalError("PollReactor: poll failed: \(String(cString: strerror(errno)))")
            }
            if descriptors[0].revents != 0 {
                while drain.withUnsafeMutableBytes({ Glibc.read(wakeReader, $0.baseAddress, $0.count) }) > 0 {}
            }
            var ready: [(CheckedContinuation<Readiness, any Error>, Readiness)] = []
            state.withLock { state in
                for index in 1..<descriptors.count where descriptors[index].revents != 0 {
                    // A waiter cancelled during poll() is already gone; skip it.
                    guard let waiter = state.waiters.removeValue(forKey: ids[index]) else { continue }
                    let revents = descriptors[index].revents
                    let satisfied = revents & waiter.events != 0
                    ready.append((waiter.continuation, satisfied ? .ready : .hangup))
                }
            }
            for (continuation, readiness) in ready { continuation.resume(returning: readiness) }
        }
    }

    /// A duration in whole milliseconds, rounded up and clamped to poll's Int32 range.
    static func millisecondsRoundedUp(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 { return 0 }
        if seconds > 1_000_000 { return 1_000_000_000 }
        let perMillisecond: Int64 = 1_000_000_000_000_000
        let extra = (attoseconds + perMillisecond - 1) / perMillisecond
        return Int32(seconds * 1000 + extra)
    }
}
