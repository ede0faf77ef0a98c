import Foundation
import TraceModel

/// Drafts waiting to be committed, and who is waiting for them: the bookkeeping of group commit.
///
/// At most one batch is being written at a time. Drafts submitted while a batch is being written
/// wait here and all go into the next batch, so one fsync covers every trade that arrived during
/// the previous one.
final class CommitQueue: @unchecked Sendable {
    // @unchecked: all mutable state is only touched while holding `lock`, and continuations are
    // resumed after the lock is released.

    /// One caller waiting for its draft to be committed.
    struct Entry: Sendable {
        /// The draft.
        let draft: TradeDraft
        /// Resumed with the committed trade or the reason it was refused.
        let continuation: CheckedContinuation<Trade, any Error>
    }

    /// What `submit` decided.
    enum Admission {
        /// Nothing was being written: the caller must start writing this batch.
        case startWriting([Entry])
        /// A batch is being written; this entry waits for the next one.
        case queued
        /// The ledger is closing; the entry was not taken.
        case refused
    }

    /// The most drafts in one transaction, so one huge burst cannot hold the writer for long.
    static let maxBatch = 4096

    /// Guards everything below.
    private let lock = NSLock()
    /// Entries for the next batch, in arrival order.
    private var pending: [Entry] = []
    /// Whether a batch is being written (then new entries wait in `pending`).
    private var writing = false
    /// Whether intake has stopped.
    private var closed = false
    /// `closeAndDrain` callers waiting for the last batch to finish.
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    /// Adds an entry.
    func submit(_ entry: Entry) -> Admission {
        lock.withLock {
            if closed { return .refused }
            if writing {
                pending.append(entry)
                return .queued
            }
            writing = true
            return .startWriting([entry])
        }
    }

    /// Called when a batch is done: the next batch to write, or nil when there is none (the
    /// writer then stops and anyone waiting for the queue to go idle is resumed).
    func finishBatch() -> [Entry]? {
        let (batch, waiters): ([Entry]?, [CheckedContinuation<Void, Never>]) = lock.withLock {
            guard pending.isEmpty else {
                let batch = Array(pending.prefix(Self.maxBatch))
                pending.removeFirst(batch.count)
                return (batch, [])
            }
            writing = false
            let waiters = idleWaiters
            idleWaiters = []
            return (nil, waiters)
        }
        for waiter in waiters { waiter.resume() }
        return batch
    }

    /// Refuses new entries from now on and returns when everything accepted has been written.
    /// Returns true to the first caller only, who then owns closing the database.
    func closeAndDrain() async -> Bool {
        let first = lock.withLock {
            defer { closed = true }
            return !closed
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = lock.withLock {
                if writing {
                    idleWaiters.append(continuation)
                    return false
                }
                return true
            }
            if idle { continuation.resume() }
        }
        return first
    }
}
