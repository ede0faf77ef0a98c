import Testing
import TradeLogic

/// Parsing and rendering of trace-code templates (domain.md §1.2).
@Suite struct TraceCodeTemplateTests {
    typealias LocalDate = TraceCodeTemplate.LocalDate

    /// The worked example: operator 3301020010001, 27th trade → 33010200100010000027.
    @Test func defaultLayoutIsOperatorPlusSevenDigitSequence() throws {
        let template = try TraceCodeTemplate(parsing: "{operator}{seq:7}")
        #expect(template == .standard)
        let code = template.render(
            nodeCode: "330102001", operatorCode: "3301020010001", station: "stall-12",
            localDate: LocalDate(year: 2026, month: 11, day: 22), sequence: 27)
        #expect(code == "33010200100010000027")
        #expect(code.count == 20)
        #expect(template.maxSequence == 9_999_999)
        #expect(!template.usesDate)
        #expect(
            template.streamKey(nodeCode: "330102001", operatorCode: "3301020010001", station: "s")
                == "3301020010001{seq:7}")
    }

    /// Node + local date + 5-digit sequence, also 20 digits.
    @Test func nodeDateLayout() throws {
        let template = try TraceCodeTemplate(parsing: "{node}{date:yyMMdd}{seq:5}")
        #expect(template.usesDate)
        #expect(template.maxSequence == 99_999)
        let date = LocalDate(year: 2026, month: 1, day: 5)
        let code = template.render(nodeCode: "330102001", operatorCode: "", station: "", localDate: date, sequence: 3)
        #expect(code == "33010200126010500003")
        #expect(
            template.sequenceKey(nodeCode: "330102001", operatorCode: "", station: "", localDate: date)
                == "330102001260105{seq:5}")
        #expect(
            template.streamKey(nodeCode: "330102001", operatorCode: "", station: "")
                == "330102001{date:yyMMdd}{seq:5}")
        let long = try TraceCodeTemplate(parsing: "N{node}{date:yyyyMMdd}{seq:3}")
        #expect(
            long.render(nodeCode: "1", operatorCode: "", station: "", localDate: date, sequence: 7) == "N120260105007")
    }

    /// GS1 mod-10 as in domain.md §3 (`200012301234` → `2000123012346`), closing the code.
    @Test func checkDigit() throws {
        #expect(TraceCodeTemplate.gs1CheckDigit("200012301234") == 6)
        #expect(TraceCodeTemplate.gs1CheckDigit("629104150021") == 3)  // GTIN-13 6291041500213
        #expect(TraceCodeTemplate.gs1CheckDigit("12a") == nil)
        #expect(TraceCodeTemplate.gs1CheckDigit("") == nil)
        let template = try TraceCodeTemplate(parsing: "2000123{seq:5}{check}")
        #expect(template.usesCheckDigit)
        let code = template.render(
            nodeCode: "", operatorCode: "", station: "", localDate: LocalDate(year: 2026, month: 1, day: 1),
            sequence: 1234)
        #expect(code == "2000123012346")
    }

    /// Each mistake gets its own explanation naming the template.
    @Test(arguments: [
        ("{operator}", "no {seq:N}"),
        ("{operator}{seq:7}{seq:2}", "2 {seq:N}"),
        ("{operator}{seq:0}", "from 1 to 12"),
        ("{operator}{seq:13}", "from 1 to 12"),
        ("{operator}{seq:x}", "from 1 to 12"),
        ("{operatr}{seq:7}", "unknown placeholder {operatr}"),
        ("{date:ddMMyy}{seq:7}", "unknown placeholder"),
        ("{check}{operator}{seq:7}", "{check} before the end"),
        ("{station}{seq:7}{check}", "{station} with {check}"),
        ("AB{seq:7}{check}", "letters"),
        ("{operator}{seq:7", "never closed"),
        ("{operator}}{seq:7}", "without a matching"),
        ("{operator}-{seq:7}", "only ASCII letters and digits"),
    ])
    func refusesBadTemplates(text: String, expected: String) {
        do {
            _ = try TraceCodeTemplate(parsing: text)
            Issue.record("\(text) was accepted")
        } catch {
            let message = "\(error)"
            #expect(message.contains(expected), "\(message)")
            #expect(message.contains("\"\(text)\""), "\(message)")
        }
    }

    /// Inputs must be printable in the code; the error names the field.
    @Test func validatesInputs() throws {
        let template = TraceCodeTemplate.standard
        try template.validateInputs(nodeCode: "", operatorCode: "3301020010001", station: "stall 12")
        #expect(throws: TraceCodeTemplate.Problem.self) {
            try template.validateInputs(nodeCode: "", operatorCode: "", station: "")
        }
        do {
            try template.validateInputs(nodeCode: "", operatorCode: "33010A", station: "")
            Issue.record("letters accepted in an operator code")
        } catch {
            #expect("\(error)".contains("operator code \"33010A\""))
        }
        let withStation = try TraceCodeTemplate(parsing: "{station}{seq:4}")
        try withStation.validateInputs(nodeCode: "", operatorCode: "", station: "stall-12")
        #expect(throws: TraceCodeTemplate.Problem.self) {
            try withStation.validateInputs(nodeCode: "", operatorCode: "", station: "stall 12")
        }
    }

    /// Local dates from instants and offsets, including the day boundary and dates before 1970.
    @Test func localDates() {
        // 2026-11-22T16:00:00Z is midnight in China (UTC+8).
        let midnightCST: Int64 = 1_795_363_200
        #expect(
            LocalDate(secondsSince1970: midnightCST, utcOffsetSeconds: 8 * 3600)
                == LocalDate(year: 2026, month: 11, day: 23))
        #expect(
            LocalDate(secondsSince1970: midnightCST - 1, utcOffsetSeconds: 8 * 3600)
                == LocalDate(year: 2026, month: 11, day: 22))
        #expect(LocalDate(secondsSince1970: -1, utcOffsetSeconds: 0) == LocalDate(year: 1969, month: 12, day: 31))
        #expect(LocalDate(daysSince1970: 0) == LocalDate(year: 1970, month: 1, day: 1))
        #expect(LocalDate(year: 2024, month: 2, day: 29).daysSince1970 == 19_782)
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            #expect(LocalDate(daysSince1970: days).daysSince1970 == days)
        }
        #expect(LocalDate(iso: "2026-11-22") == LocalDate(year: 2026, month: 11, day: 22))
        #expect(LocalDate(iso: "2026-13-01") == nil)
        #expect(LocalDate(year: 2026, month: 1, day: 5).iso == "2026-01-05")
        #expect(LocalDate(year: 2025, month: 12, day: 31) < LocalDate(year: 2026, month: 1, day: 1))
    }
}
