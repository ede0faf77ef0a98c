import Synchronization

/// A one-waiter wake-up: `signal()` resumes the task in `wait()`, or the next one to call it.
///
/// Lets a hotplug monitor (netlink, libusb hotplug, a manual rescan) cut a supervisor's backoff short without
/// polling. A signal that arrives while nobody waits is remembered once, so an arrival during an open attempt
/// is not lost.
final class RescanSignal: Sendable {
    /// The waiter, a signal that arrived with nobody waiting, and whether the waiter was cancelled.
    private struct State {
        /// The suspended `wait()`.
        var waiter: CheckedContinuation<Bool, Never>?
        /// A signal is pending.
        var pending = false
        /// The current `wait()` was cancelled.
        var cancelled = false
    }

    /// Shared between `signal()` and the waiting task.
    private let state = Mutex(State())

    /// Wakes the waiter, or the next `wait()`.
    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: true)
    }

    /// Forgets a pending signal.
    func clear() { state.withLock { $0.pending = false } }

    /// Waits for a signal: true when signalled, false when the task was cancelled.
    func wait() async -> Bool {
        state.withLock { $0.cancelled = false }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate = state.withLock { state -> Bool? in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    if state.cancelled { return false }
                    state.waiter = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                state.cancelled = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: false)
        }
    }

    /// Returns after `delay`, or earlier on a signal; false when the task was cancelled.
    func sleep(for delay: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await Task.sleep(for: delay)
                    return true
                } catch {
                    return false
                }
            }
            group.addTask { await self.wait() }
            let first = await group.next() ?? false
            group.cancelAll()
            await group.waitForAll()
            return first && !Task.isCancelled
        }
    }
}
