import Synchronization

/// Wakes a supervisor that waits between open attempts, so a "devices changed" notice (udev/netlink,
/// libusb hotplug, a manual rescan) is acted on at once instead of after the backoff delay.
///
/// A signal that arrives while nobody waits is remembered once, so an arrival during an open attempt is
/// not lost.
final class RescanSignal: Sendable {
    /// A pending signal, and the waiter to resume.
    private let state = Mutex<(pending: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    /// Creates a signal.
    init() {}

    /// Wakes the waiter, or remembers the signal for the next wait.
    func fire() {
        let waiter = state.withLock { state in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil as CheckedContinuation<Void, Never>?
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
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
            group.addTask {
                await self.waitForSignal()
                return !Task.isCancelled
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first && !Task.isCancelled
        }
    }

    /// Suspends until `fire()` or cancellation.
    private func waitForSignal() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if Task.isCancelled { return true }
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            // Resume only a registered waiter; a wait cancelled before registering sees Task.isCancelled.
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
