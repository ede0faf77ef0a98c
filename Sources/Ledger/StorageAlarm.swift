import Foundation

/// Whether the ledger's storage is full or read-only right now, for `/health`: raised when SQLite refuses a write with
/// SQLITE_FULL (a trade at a stall, or an outbox update) or the file system turned read-only, cleared by the next
/// successful commit.
public final class StorageAlarm: @unchecked Sendable {
    // @unchecked: `message` is only touched while holding `lock`.

    /// Guards `message`.
    private let lock = NSLock()
    /// The current alarm text, nil when storage is fine.
    private var message: String?

    /// Creates a quiet alarm.
    init() {}

    /// The alarm text while storage is full, else nil.
    public var current: String? { lock.withLock { message } }

    /// Raises the alarm with an operator's message.
    func raise(_ text: String) { lock.withLock { message = text } }

    /// Clears the alarm (a write succeeded).
    func clear() {
        lock.withLock { if message != nil { message = nil } }
    }
}
