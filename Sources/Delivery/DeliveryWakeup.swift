import Foundation

/// What wakes an idle or backing-off delivery loop: a commit (only when idle: a commit must not cut a
/// backoff short, or a busy market would hammer a platform that is down) or an operator's `sync now`
/// (always). Flags are kept, so a wake that arrives before the loop waits is not lost.
final class DeliveryWakeup: @unchecked Sendable {
    // @unchecked: every stored property is only touched while holding `lock`; the continuation is
    // resumed after the lock is released.

    /// The loop waiting, and whether commits wake it.
    private struct Waiter {
        /// Resumed on wake or cancellation.
        let continuation: CheckedContinuation<Void, Never>
        /// Whether a commit wakes it.
        let commitsWake: Bool
    }

    /// Guards everything below.
    private let lock = NSLock()
    /// A commit arrived since `clearCommits()`.
    private var commitSeen = false
    /// `sync now` was requested and not yet consumed.
    private var syncRequested = false
    /// The loop, while it waits.
    private var waiter: Waiter?

    /// Forgets commits seen so far (the loop is about to read the pending trades anyway).
    func clearCommits() { lock.withLock { commitSeen = false } }

    /// Records a commit; wakes an idle loop.
    func commitArrived() {
        let woken: Waiter? = lock.withLock {
            commitSeen = true
            guard let waiter, waiter.commitsWake else { return nil }
            self.waiter = nil
            commitSeen = false
            return waiter
        }
        woken?.continuation.resume()
    }

    /// Records a `sync now`; wakes the loop whether idle or backing off.
    func requestSync() {
        let woken: Waiter? = lock.withLock {
            syncRequested = true
            guard let waiter else { return nil }
            self.waiter = nil
            syncRequested = false
            return waiter
        }
        woken?.continuation.resume()
    }

    /// Returns at the next wake (at once if one is already recorded), or when the task is cancelled.
    func wait(commitsWake: Bool) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now: Bool = lock.withLock {
                    if syncRequested {
                        syncRequested = false
                        return true
                    }
                    if commitsWake, commitSeen {
                        commitSeen = false
                        return true
                    }
                    // Checked under the lock: a cancellation handler that ran before this found no waiter.
                    if Task.isCancelled { return true }
                    waiter = Waiter(continuation: continuation, commitsWake: commitsWake)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let woken: Waiter? = lock.withLock {
                defer { waiter = nil }
                return waiter
            }
            woken?.continuation.resume()
        }
    }
}
