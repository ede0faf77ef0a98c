import Foundation
import Testing

@testable import UplinkHTTP

/// Retry-After values in every form RFC 9110 allows, against a fixed clock.
@Suite struct RetryAfterTests {
    /// 2026-11-22T10:15:30Z.
    static let now = Date(timeIntervalSince1970: 1_795_342_530)

    /// Seconds, the three date forms, past dates and garbage.
    @Test(
        arguments: [
            ("120", 120), (" 0 ", 0), ("Sun, 22 Nov 2026 10:16:30 GMT", 60), ("Sunday, 22-Nov-26 10:16:30 GMT", 60),
            ("Sun Nov 22 10:16:30 2026", 60), ("Sun, 22 Nov 2026 10:00:00 GMT", 0), ("soon", nil), ("-5", nil),
            ("", nil),
        ] as [(String, Int?)])
    func forms(_ value: String, _ seconds: Int?) {
        #expect(RetryAfter.seconds(value, now: Self.now) == seconds)
    }
}
