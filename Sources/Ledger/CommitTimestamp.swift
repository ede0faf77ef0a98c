import Foundation
import TradeLogic

/// The ledger's timestamp text: RFC 3339, UTC, milliseconds (`2026-11-22T10:15:30.123Z`).
///
/// Formatted by hand rather than with `DateFormatter` because it runs once per trade on the
/// writer's hot path, and must be byte-for-byte stable since the hash chain covers it.
enum CommitTimestamp {
    /// Whole milliseconds since 1970 for `date`, rounded to the nearest millisecond.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The instant `milliseconds` after 1970.
    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// Formats `milliseconds` since 1970 as `yyyy-MM-ddTHH:mm:ss.SSSZ`.
    static func format(milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let millis = Int(milliseconds - seconds * 1000)
        let date = TraceCodeTemplate.LocalDate(secondsSince1970: seconds, utcOffsetSeconds: 0)
        let secondOfDay = Int(seconds - date.daysSince1970 * 86_400)
        return date.iso + "T" + two(secondOfDay / 3600) + ":" + two(secondOfDay / 60 % 60) + ":"
            + two(secondOfDay % 60) + "." + (millis < 10 ? "00" : millis < 100 ? "0" : "") + String(millis) + "Z"
    }

    /// Formats `date` in the compact form used in file names: `20261122T101530Z`.
    static func compact(_ date: Date) -> String {
        format(milliseconds: milliseconds(date)).prefix(19).filter { $0 != "-" && $0 != ":" } + "Z"
    }

    /// Parses text written by `format`; nil for anything else.
    static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
            bytes[16] == 0x3A, bytes[19] == 0x2E, bytes[23] == 0x5A
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (0x30...0x39).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            let millis = number(20..<23)
        else { return nil }
        let days = TraceCodeTemplate.LocalDate(year: year, month: month, day: day).daysSince1970
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return seconds * 1000 + Int64(millis)
    }

    /// Two-digit zero-padded.
    private static func two(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }
}
