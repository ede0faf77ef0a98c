import Foundation

/// Tells subscribers (the delivery services) that trades were committed, so they wake at once instead of
/// polling. Each subscriber keeps only the newest id: a burst of commits wakes it once.
final class CommitSignal: @unchecked Sendable {
    // @unchecked: `subscribers` and `nextKey` are only touched while holding `lock`.

    /// Guards the subscriber table.
    private let lock = NSLock()
    /// Live subscriptions by key.
    private var subscribers: [Int: AsyncStream<Int64>.Continuation] = [:]
    /// The key of the next subscription.
    private var nextKey = 0

    /// A new stream of "trades up to this id are committed"; ends when the consumer stops iterating.
    func subscribe() -> AsyncStream<Int64> {
        let (stream, continuation) = AsyncStream<Int64>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let key = lock.withLock {
            defer { nextKey += 1 }
            subscribers[nextKey] = continuation
            return nextKey
        }
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            _ = self.lock.withLock { self.subscribers.removeValue(forKey: key) }
        }
        return stream
    }

    /// Wakes every subscriber with the newest committed id.
    func publish(_ id: Int64) {
        for continuation in lock.withLock({ Array(subscribers.values) }) { continuation.yield(id) }
    }

    /// Ends every stream (the ledger closed).
    func finish() {
        for continuation in lock.withLock({ Array(subscribers.values) }) { continuation.finish() }
    }
}
