import CSerialPort
import Foundation
import Glibc
import Synchronization

/// Waits for file descriptors to become readable or writable without blocking Swift's cooperative pool.
///
/// Why: the pool has one thread per core (two on the gateway box). A blocking `read(2)` per device
/// would starve every other task, and one thread per device (Odoo's design) does not scale to ~50
/// devices. Instead one dedicated thread runs `epoll_wait(2)` and resumes the waiting tasks'
/// continuations. With nothing ready and no deadline it sleeps with an infinite timeout, so an idle
/// gateway costs no CPU; deadlines are honoured to the millisecond (rounded up, so it never spins on
/// sub-millisecond remainders).
///
/// Why epoll with one-shot registrations rather than poll(2): a device reader waits again after every
/// frame. With poll(2) each new wait had to interrupt the poll thread (a wake-pipe write, a second
/// wake-up, a pollfd rebuild) just to add the descriptor back — two thread wake-ups per frame
/// (BENCHMARKS.md §5, issue 4). `epoll_ctl` re-arms a descriptor while the thread sleeps, so a wait
/// costs one system call and the thread wakes once per frame. The wake pipe is written only when a
/// new deadline is earlier than the one the thread sleeps towards.
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
        /// Its id (for cancellation).
        var id: UInt64
        /// epoll event mask of the interest.
        var events: UInt32
        /// When to give up; nil waits forever.
        var deadline: ContinuousClock.Instant?
        /// The suspended task.
        var continuation: CheckedContinuation<Readiness, any Error>
    }

    /// What the poll thread is doing, so a new wait knows whether it must interrupt it.
    private enum ThreadPhase {
        /// Between waits: it recomputes deadlines before it sleeps again.
        case busy
        /// In `epoll_wait` with no timeout.
        case sleepingForever
        /// In `epoll_wait` until this instant.
        case sleepingUntil(ContinuousClock.Instant)
    }

    /// Everything shared between waiting tasks and the poll thread.
    private struct State {
        /// Registered waiters by descriptor (at most one readable and one writable waiter each, in practice).
        var waiters: [Int32: [Waiter]] = [:]
        /// The descriptor of each registered waiter id.
        var descriptorOf: [UInt64: Int32] = [:]
        /// Ids handed out whose continuation is not registered yet.
        var pending: Set<UInt64> = []
        /// Pending ids whose task was cancelled before registering.
        var cancelled: Set<UInt64> = []
        /// Last id handed out.
        var lastID: UInt64 = 0
        /// Whether the poll thread runs.
        var threadStarted = false
        /// What the poll thread is doing.
        var phase = ThreadPhase.busy

        /// Removes waiter `id`; its continuation, if it was registered.
        mutating func remove(_ id: UInt64) -> CheckedContinuation<Readiness, any Error>? {
            guard let fd = descriptorOf.removeValue(forKey: id), var list = waiters[fd],
                let index = list.firstIndex(where: { $0.id == id })
            else { return nil }
            let waiter = list.remove(at: index)
            waiters[fd] = list.isEmpty ? nil : list
            return waiter.continuation
        }
    }

    /// The process-wide reactor.
    public static let shared = PollReactor()

    /// Shared state; Mutex keeps the class Sendable without `@unchecked`.
    private let state = Mutex(State())
    /// The epoll instance.
    private let epoll: Int32
    /// Read end of the wake pipe, registered (level-triggered) in `epoll`.
    private let wakeReader: Int32
    /// Write end of the wake pipe; one byte interrupts `epoll_wait` for an earlier deadline or a cancellation.
    private let wakeWriter: Int32

    /// Creates a reactor; its thread starts on the first wait.
    public init() {
        var ends: [Int32] = [-1, -1]
        guard pipe2(&ends, O_NONBLOCK | O_CLOEXEC) == 0 else {
            fatalError("PollReactor: pipe2 failed: \(String(cString: strerror(errno))) (out of file descriptors?)")
        }
        wakeReader = ends[0]
        wakeWriter = ends[1]
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else {
            fatalError(
                "PollReactor: epoll_create1 failed: \(String(cString: strerror(errno))) (out of file descriptors?)")
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeReader
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, wakeReader, &event) == 0 else {
            fatalError("PollReactor: epoll_ctl on the wake pipe failed: \(String(cString: strerror(errno)))")
        }
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
        let events = interest == .readable ? EPOLLIN.rawValue : EPOLLOUT.rawValue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Readiness, any Error>) in
                /// What registering decided.
                enum Outcome {
                    /// Waiting; `wake` when the poll thread must recompute its timeout for this deadline.
                    case registered(wake: Bool)
                    /// The task was cancelled before it registered.
                    case cancelled
                    /// epoll cannot watch the descriptor: answer at once.
                    case immediately(Readiness)
                }
                let outcome = state.withLock { state -> Outcome in
                    state.pending.remove(id)
                    if state.cancelled.remove(id) != nil { return .cancelled }
                    var list = state.waiters[fd] ?? []
                    list.append(Waiter(id: id, events: events, deadline: deadline, continuation: continuation))
                    // Armed under the lock, so the mask always matches the waiters the poll thread sees.
                    if let failure = arm(fd, events: Self.mask(list)) { return .immediately(failure) }
                    state.waiters[fd] = list
                    state.descriptorOf[id] = fd
                    if !state.threadStarted {
                        state.threadStarted = true
                        let thread = Thread { [self] in self.pollLoop() }
                        thread.name = "tracegate-poll"
                        thread.start()
                    }
                    guard let deadline else { return .registered(wake: false) }
                    switch state.phase {
                    case .busy: return .registered(wake: false)
                    case .sleepingForever: return .registered(wake: true)
                    case .sleepingUntil(let planned): return .registered(wake: deadline < planned)
                    }
                }
                switch outcome {
                case .registered(let wake): if wake { self.wake() }
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .immediately(let readiness): continuation.resume(returning: readiness)
                }
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<Readiness, any Error>? in
                if let continuation = state.remove(id) { return continuation }
                if state.pending.contains(id) { state.cancelled.insert(id) }
                return nil
            }
            // The descriptor stays armed; if it fires with no waiter the event is dropped (one-shot).
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// How many tasks are waiting right now (for tests and status pages).
    public var waiterCount: Int { state.withLock { $0.descriptorOf.count } }

    /// The epoll mask for a descriptor's waiters.
    private static func mask(_ waiters: [Waiter]) -> UInt32 {
        waiters.reduce(EPOLLONESHOT.rawValue) { $0 | $1.events }
    }

    /// (Re-)arms `fd` one-shot for `events`; a readiness to answer at once when epoll cannot watch it.
    private func arm(_ fd: Int32, events: UInt32) -> Readiness? {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        if epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event) == 0 { return nil }
        if errno == ENOENT, epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0 { return nil }
        // A regular file (EPERM) is always ready, as poll(2) says; a closed descriptor (EBADF) is poll's POLLNVAL.
        return errno == EPERM ? .ready : .hangup
    }

    /// Interrupts the poll thread so it recomputes its timeout.
    private func wake() {
        var byte: UInt8 = 1
        // A full pipe (EAGAIN) already guarantees a wake-up, so the result is ignored.
        _ = Glibc.write(wakeWriter, &byte, 1)
    }

    /// The poll thread's body.
    private func pollLoop() {
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        var drain = [UInt8](repeating: 0, count: 64)
        let hangupMask = EPOLLHUP.rawValue | EPOLLERR.rawValue
        while true {
            let now = ContinuousClock.now
            var expired: [CheckedContinuation<Readiness, any Error>] = []
            var timeout: Int32 = -1
            state.withLock { state in
                var earliest: ContinuousClock.Instant?
                for (fd, list) in state.waiters {
                    var kept: [Waiter] = []
                    for waiter in list {
                        guard let deadline = waiter.deadline else {
                            kept.append(waiter)
                            continue
                        }
                        if deadline <= now {
                            state.descriptorOf[waiter.id] = nil
                            expired.append(waiter.continuation)
                        } else {
                            kept.append(waiter)
                            earliest = earliest.map { min($0, deadline) } ?? deadline
                        }
                    }
                    if kept.count != list.count { state.waiters[fd] = kept.isEmpty ? nil : kept }
                }
                if let earliest {
                    timeout = Self.millisecondsRoundedUp(earliest - now)
                    state.phase = .sleepingUntil(earliest)
                } else {
                    state.phase = .sleepingForever
                }
                if !expired.isEmpty { state.phase = .busy }
            }
            for continuation in expired { continuation.resume(returning: .timedOut) }
            if !expired.isEmpty { continue }

            let count = epoll_wait(epoll, &events, Int32(events.count), timeout)
            if count < 0 {
                state.withLock { $0.phase = .busy }
                if errno == EINTR { continue }
                fatalError("PollReactor: epoll_wait failed: \(String(cString: strerror(errno)))")
            }
            var ready: [(CheckedContinuation<Readiness, any Error>, Readiness)] = []
            state.withLock { state in
                state.phase = .busy
                for index in 0..<Int(count) {
                    let fd = events[index].data.fd
                    let revents = events[index].events
                    if fd == wakeReader { continue }
                    // One-shot: the descriptor is disarmed now. No waiter (cancelled or timed out): drop it.
                    guard let list = state.waiters[fd] else { continue }
                    var kept: [Waiter] = []
                    for waiter in list {
                        if revents & waiter.events != 0 {
                            ready.append((waiter.continuation, .ready))
                        } else if revents & hangupMask != 0 {
                            ready.append((waiter.continuation, .hangup))
                        } else {
                            kept.append(waiter)
                            continue
                        }
                        state.descriptorOf[waiter.id] = nil
                    }
                    state.waiters[fd] = kept.isEmpty ? nil : kept
                    if !kept.isEmpty, let failure = arm(fd, events: Self.mask(kept)) {
                        for waiter in kept {
                            state.descriptorOf[waiter.id] = nil
                            ready.append((waiter.continuation, failure))
                        }
                        state.waiters[fd] = nil
                    }
                }
            }
            if events[0..<Int(count)].contains(where: { $0.data.fd == wakeReader }) {
                while drain.withUnsafeMutableBytes({ Glibc.read(wakeReader, $0.baseAddress, $0.count) }) > 0 {}
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
