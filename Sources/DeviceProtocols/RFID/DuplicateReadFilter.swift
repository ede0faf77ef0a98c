import TraceModel

/// Collapses the stream of reads a reader makes while a tag stays in its field into one event.
///
/// Readers report a tag in the field many times a second (a UHF reader 50 times or more). A tag is admitted
/// when it was not seen during the last `window`; every sighting, admitted or not, restarts its window, so
/// a tag that stays in the field is reported once until it has been away for `window`. One filter per
/// reader. Pure: the caller passes the time (a monotonic instant as a `Duration` since any origin).
public struct DuplicateReadFilter: Sendable {
    /// How long a tag must be unseen before a new read of it counts again.
    public let window: Duration
    /// When each tag (by `TagRead.identity`) was last seen.
    private var lastSeen: [String: Duration] = [:]
    /// Table size at which entries older than the window are dropped (grows with the number of tags).
    private var pruneThreshold = 256

    /// Creates a filter; `window` is typically 1–5 s.
    public init(window: Duration = .seconds(2)) {
        self.window = window
    }

    /// Whether `tag`, seen at `now`, is a new event (true) or a repeat of a tag still in the field (false).
    public mutating func admit(_ tag: TagRead, at now: Duration) -> Bool {
        let key = tag.identity
        let previous = lastSeen[key]
        lastSeen[key] = now
        if lastSeen.count >= pruneThreshold { prune(now: now) }
        guard let previous else { return true }
        return now - previous >= window
    }

    /// Tags currently remembered (for tests that check the table stays bounded).
    public var trackedCount: Int { lastSeen.count }

    /// Forgets tags not seen for a whole window; they would be admitted anyway.
    private mutating func prune(now: Duration) {
        lastSeen = lastSeen.filter { now - $0.value < window }
        pruneThreshold = max(256, lastSeen.count * 2)
    }
}
