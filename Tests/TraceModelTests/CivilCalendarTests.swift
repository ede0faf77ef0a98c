import Testing
import TraceModel

/// The one calendar the gateway computes dates with: known days, and a round trip across eras.
@Suite struct CivilCalendarTests {
    /// Days of known dates, before and after 1970 and across a leap day.
    @Test func knownDays() {
        #expect(CivilCalendar.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilCalendar.days(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilCalendar.days(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilCalendar.days(year: 2026, month: 11, day: 20) == 20_777)
        #expect(CivilCalendar.date(days: 20_777) == (2026, 11, 20))
        #expect(CivilCalendar.date(days: 11_016) == (2000, 2, 29))
    }

    /// `date(days:)` inverts `days(year:month:day:)` for every day of four centuries around 1970.
    @Test func roundTrip() {
        for days in Int64(-146_097)...Int64(146_097) {
            let (year, month, day) = CivilCalendar.date(days: days)
            #expect(CivilCalendar.days(year: year, month: month, day: day) == days)
        }
    }
}
