import Foundation
import Gateway
import Testing

/// The times a technician reads (`trades list --json`, `trades show`, the local API) are the ledger's.
@Suite struct TradeJSONTests {
    /// Every millisecond of a second, as the ledger reads a commit time back (milliseconds since 1970 / 1000),
    /// prints as that millisecond: never one early because the `Date` lies a hair below it.
    @Test func commitTimesPrintTheLedgersMilliseconds() {
        let second: Int64 = 1_795_342_530  // 2026-11-22T10:15:30Z
        var wrong: [String] = []
        for millisecond in 0..<1000 {
            let date = Date(timeIntervalSince1970: Double(second * 1000 + Int64(millisecond)) / 1000)
            let expected = "2026-11-22T10:15:30." + String(format: "%03d", millisecond) + "Z"
            let printed = TradeJSON.rfc3339(date)
            if printed != expected { wrong.append("\(expected) printed as \(printed)") }
        }
        #expect(wrong.isEmpty, "\(wrong.count) of 1000: \(wrong.prefix(5))")
    }
}
