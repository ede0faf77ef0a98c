import Foundation
import TraceModel

/// Time stamps as the uplink formats write them. The ledger keeps whole milliseconds, so every rendering here
/// rounds the `Date` to the nearest millisecond (a `Date` holds a binary double; 0.123 s may read 0.1229999).
public enum WireTime {
    /// Milliseconds since 1970 of a ledger time.
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// RFC 3339 in the given local offset with milliseconds: `2026-11-22T18:15:30.123+08:00`.
    public static func local(_ date: Date, offsetSeconds: Int) -> String {
        let parts = components(milliseconds(date) + Int64(offsetSeconds) * 1000)
        return parts.date + "T" + parts.time + "." + parts.millis + offset(offsetSeconds)
    }

    /// RFC 3339 in UTC with milliseconds and `Z`: `2026-11-22T10:15:30.123Z` (the event hash's form).
    public static func utc(_ date: Date) -> String {
        let parts = components(milliseconds(date))
        return parts.date + "T" + parts.time + "." + parts.millis + "Z"
    }

    /// Local wall time without offset, as city platforms expect: `2026-11-22 18:15:30`.
    public static func localWallClock(_ date: Date, offsetSeconds: Int) -> String {
        let parts = components(milliseconds(date) + Int64(offsetSeconds) * 1000)
        return parts.date + " " + parts.time
    }

    /// `+08:00`, `-06:00`, `+00:00`.
    public static func offset(_ seconds: Int) -> String {
        let magnitude = abs(seconds)
        return (seconds < 0 ? "-" : "+") + two(magnitude / 3600) + ":" + two((magnitude % 3600) / 60)
    }

    /// Civil date and time of a millisecond count, computed arithmetically (no Calendar, no time zone data).
    private static func components(_ millis: Int64) -> (date: String, time: String, millis: String) {
        let (days, msOfDay) = floorDivide(millis, 86_400_000)
        let secondsOfDay = msOfDay / 1000
        let (year, month, day) = CivilCalendar.date(days: days)
        let date = four(year) + "-" + two(Int(month)) + "-" + two(Int(day))
        let time =
            two(Int(secondsOfDay / 3600)) + ":" + two(Int(secondsOfDay % 3600 / 60)) + ":"
            + two(Int(secondsOfDay % 60))
        let ms = String(msOfDay % 1000)
        return (date, time, String(repeating: "0", count: 3 - ms.count) + ms)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    private static func four(_ value: Int64) -> String {
        let text = String(value)
        return text.count >= 4 ? text : String(repeating: "0", count: 4 - text.count) + text
    }
}
