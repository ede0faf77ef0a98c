import Foundation
import TraceModel

/// `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, turned into seconds from `now`.
///
/// The reply decoders read only delay-seconds (they have no clock); the transport owns the injected clock and
/// converts dates here. A date in the past means "now" (0 s). HTTP-dates are IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), the only form a sender may generate; the obsolete RFC 850 and asctime
/// forms are also read, as the RFC asks of recipients.
enum RetryAfter {
    /// Seconds to wait, or nil when the value is absent or unreadable (the outbox then uses its own backoff).
    static func seconds(_ value: String?, now: Date) -> Int? {
        guard let raw = value?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        if raw.allSatisfy(\.isASCIIDigit) { return Int(raw) ?? Int.max }
        guard let date = httpDate(raw) else { return nil }
        let delta = date.timeIntervalSince(now)
        return delta <= 0 ? 0 : Int(delta.rounded(.up))
    }

    /// Month abbreviations as HTTP-dates spell them.
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Parses the three HTTP-date forms; nil for anything else.
    static func httpDate(_ text: String) -> Date? {
        // Split on spaces, commas and dashes: "Sun, 06 Nov 1994 08:49:37 GMT" → [Sun, 06, Nov, 1994, 08:49:37, GMT];
        // "Sunday, 06-Nov-94 08:49:37 GMT" → [Sunday, 06, Nov, 94, 08:49:37, GMT];
        // "Sun Nov  6 08:49:37 1994" → [Sun, Nov, 6, 08:49:37, 1994].
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        var day: Int?
        var month: Int?
        var year: Int?
        var time: [Int]?
        if parts.count == 6, parts[5] == "GMT" {
            day = Int(parts[1])
            month = months.firstIndex(of: parts[2].lowercased()).map { $0 + 1 }
            year = Int(parts[3]).map { $0 < 100 ? ($0 < 70 ? 2000 + $0 : 1900 + $0) : $0 }
            time = clock(parts[4])
        } else if parts.count == 5 {
            month = months.firstIndex(of: parts[1].lowercased()).map { $0 + 1 }
            day = Int(parts[2])
            time = clock(parts[3])
            year = Int(parts[4])
        }
        guard let day, let month, let year, let time, (1...31).contains(day) else { return nil }
        let days = Int(CivilCalendar.days(year: Int64(year), month: Int64(month), day: Int64(day)))
        let seconds = days * 86_400 + time[0] * 3600 + time[1] * 60 + time[2]
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// `08:49:37` → [8, 49, 37].
    private static func clock(_ text: String) -> [Int]? {
        let fields = text.split(separator: ":").compactMap { Int($0) }
        guard fields.count == 3, fields[0] < 24, fields[1] < 60, fields[2] < 61 else { return nil }
        return fields
    }

}

extension Character {
    /// `0`–`9` only.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
