import Foundation

/// The wall clock, injected so tests and the ledger can control "now" and the local offset.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Date
    /// The local offset from UTC at `date`, in seconds (e.g. +28800 for China Standard Time).
    func utcOffsetSeconds(at date: Date) -> Int
}

/// The system's clock and time zone.
public struct SystemWallClock: WallClock {
    /// Creates the system clock.
    public init() {}
    /// The current instant.
    public func now() -> Date { Date() }
    /// The system time zone's offset at `date`.
    public func utcOffsetSeconds(at date: Date) -> Int { TimeZone.current.secondsFromGMT(for: date) }
}

/// A clock whose time tests set; thread-safe.
public final class ManualWallClock: WallClock, @unchecked Sendable {
    // @unchecked: every access to `current` goes through `lock`.
    private let lock = NSLock()
    private var current: Date
    private let offset: Int

    /// Creates a clock at `start` with a fixed UTC offset.
    public init(start: Date, utcOffsetSeconds: Int = 8 * 3600) {
        self.current = start
        self.offset = utcOffsetSeconds
    }
    /// The set time.
    public func now() -> Date { lock.withLock { current } }
    /// The fixed offset.
    public func utcOffsetSeconds(at date: Date) -> Int { offset }
    /// Sets the time (it may go backwards, as real clocks do).
    public func set(_ date: Date) { lock.withLock { current = date } }
    /// Moves the time by `seconds` (negative allowed).
    public func advance(seconds: Double) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}
