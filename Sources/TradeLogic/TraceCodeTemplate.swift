import TraceModel

/// The configured layout of trace codes (追溯码), e.g. `{operator}{seq:7}`.
///
/// Source: domain.md §1.2. The layout SB/T 10680 mandates is unconfirmed [U], so the layout is
/// configuration, not a constant. The default, 13-digit operator code + 7-digit sequence
/// (`3301020010001` + `0000027` = `33010200100010000027`), matches every field sample seen.
///
/// Placeholders:
/// - `{operator}`: the seller's operator code (经营者编码, digits).
/// - `{node}`: the circulation node code (流通节点编码, digits).
/// - `{station}`: the station id (letters, digits, `-`, `_`); not allowed together with `{check}`.
/// - `{date:yyMMdd}` / `{date:yyyyMMdd}`: the local date of the trade.
/// - `{seq:N}`: exactly one, required; the sequence number zero-padded to N digits (1...12).
/// - `{check}`: optional and last; the GS1 mod-10 check digit over everything before it.
/// Anything else outside braces must be ASCII letters or digits and is copied as is.
///
/// Sequences count per *stream*: the code with its sequence, check digit and date left out
/// (per operator for the default template, per node for `{node}{date:yyMMdd}{seq:5}`).
/// Date templates restart the count each local day; the issuer keeps the last date per stream
/// so a clock that jumps backwards never makes it reuse an earlier day's codes.
public struct TraceCodeTemplate: Sendable, Hashable, CustomStringConvertible {
    /// One piece of a parsed template.
    enum Piece: Sendable, Hashable {
        /// Characters copied into every code.
        case literal(String)
        /// `{operator}`.
        case operatorCode
        /// `{node}`.
        case nodeCode
        /// `{station}`.
        case station
        /// `{date:yyMMdd}` (`fourDigitYear == false`) or `{date:yyyyMMdd}`.
        case date(fourDigitYear: Bool)
        /// `{seq:N}`.
        case sequence(width: Int)
        /// `{check}`.
        case check
    }

    /// The template text as configured.
    public let text: String
    /// The parsed pieces, in order.
    let pieces: [Piece]

    /// The default layout: 13-digit operator code + 7-digit sequence = 20 digits.
    public static let standard = TraceCodeTemplate(
        text: "{operator}{seq:7}", pieces: [.operatorCode, .sequence(width: 7)])

    /// The node-and-day layout: 9-digit node code + yyMMdd + 5-digit sequence = 20 digits.
    public static let nodeDaily = TraceCodeTemplate(
        text: "{node}{date:yyMMdd}{seq:5}", pieces: [.nodeCode, .date(fourDigitYear: false), .sequence(width: 5)])

    /// Creates a template from already-checked pieces.
    private init(text: String, pieces: [Piece]) {
        self.text = text
        self.pieces = pieces
    }

    /// Parses a template such as `{operator}{seq:7}`; the error names the problem and how to fix it.
    public init(parsing text: String) throws {
        var pieces: [Piece] = []
        var literal = ""
        var rest = Substring(text)
        func fail(_ problem: String) -> Problem {
            Problem(message: "trace-code template \"\(text)\" \(problem)")
        }
        while let first = rest.first {
            if first == "}" { throw fail("has a \"}\" without a matching \"{\"") }
            if first != "{" {
                guard first.isASCII, first.isLetter || first.isNumber else {
                    throw fail("contains \"\(first)\"; outside placeholders only ASCII letters and digits are allowed")
                }
                literal.append(first)
                rest = rest.dropFirst()
                continue
            }
            guard let close = rest.firstIndex(of: "}") else {
                throw fail("has a \"{\" that is never closed")
            }
            let name = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
            if !literal.isEmpty {
                pieces.append(.literal(literal))
                literal = ""
            }
            pieces.append(try Self.piece(named: name, fail: fail))
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }

        let sequenceCount = pieces.count { if case .sequence = $0 { true } else { false } }
        guard sequenceCount == 1 else {
            throw fail(
                sequenceCount == 0
                    ? "has no {seq:N} placeholder; add exactly one, e.g. \"{operator}{seq:7}\""
                    : "has \(sequenceCount) {seq:N} placeholders; use exactly one")
        }
        if let checkIndex = pieces.firstIndex(of: .check) {
            guard checkIndex == pieces.count - 1 else {
                throw fail("has {check} before the end; the check digit must be the last placeholder")
            }
            for piece in pieces {
                if piece == .station {
                    throw fail("combines {station} with {check}; a check digit needs an all-digit code")
                }
                if case .literal(let chars) = piece, !chars.allSatisfy(\.isWholeNumber) {
                    throw fail("combines letters (\"\(chars)\") with {check}; a check digit needs an all-digit code")
                }
            }
        }
        self.init(text: text, pieces: pieces)
    }

    /// Parses the name between braces into a piece.
    private static func piece(named name: Substring, fail: (String) -> Problem) throws -> Piece {
        switch name {
        case "operator": return .operatorCode
        case "node": return .nodeCode
        case "station": return .station
        case "date:yyMMdd": return .date(fourDigitYear: false)
        case "date:yyyyMMdd": return .date(fourDigitYear: true)
        case "check": return .check
        default:
            if name.hasPrefix("seq:") {
                let digits = name.dropFirst(4)
                guard let width = Int(digits), (1...12).contains(width), digits.allSatisfy(\.isWholeNumber) else {
                    throw fail("has {\(name)}; the sequence width N in {seq:N} must be a number from 1 to 12")
                }
                return .sequence(width: width)
            }
            throw fail(
                "has the unknown placeholder {\(name)}; known placeholders are {operator}, {node}, {station}, "
                    + "{date:yyMMdd}, {date:yyyyMMdd}, {seq:N} and {check}")
        }
    }

    /// The template text.
    public var description: String { text }

    /// Whether codes contain the local date (so sequences restart each day).
    public var usesDate: Bool { pieces.contains { if case .date = $0 { true } else { false } } }

    /// Whether codes end with a GS1 mod-10 check digit.
    public var usesCheckDigit: Bool { pieces.last == .check }

    /// Whether `{operator}` appears.
    public var usesOperatorCode: Bool { pieces.contains(.operatorCode) }

    /// Whether `{node}` appears.
    public var usesNodeCode: Bool { pieces.contains(.nodeCode) }

    /// Whether `{station}` appears.
    public var usesStation: Bool { pieces.contains(.station) }

    /// N in `{seq:N}`.
    public var sequenceWidth: Int {
        for case .sequence(let width) in pieces { return width }
        return 0  // unreachable: parsing requires exactly one {seq:N}
    }

    /// The largest sequence number that fits: 10^N − 1.
    public var maxSequence: Int64 {
        var value: Int64 = 1
        for _ in 0..<sequenceWidth { value *= 10 }
        return value - 1
    }

    /// Checks that the values this template uses are present and printable in a code;
    /// the error names the field and the template.
    public func validateInputs(nodeCode: String, operatorCode: String, station: String) throws {
        func require(_ used: Bool, _ value: String, _ label: String, digitsOnly: Bool) throws {
            guard used else { return }
            guard !value.isEmpty else {
                throw Problem(message: "\(label) is empty but trace-code template \"\(text)\" needs it")
            }
            // Byte checks: this runs for every trade on the ledger's writer.
            let onlyDigits = digitsOnly || usesCheckDigit
            let acceptable = value.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): true
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "-"), UInt8(ascii: "_"):
                    !onlyDigits
                default: false
                }
            }
            guard acceptable else {
                throw Problem(
                    message: "\(label) \"\(value)\" cannot go into a trace code (template \"\(text)\"): "
                        + (digitsOnly || usesCheckDigit ? "use digits only" : "use letters, digits, - or _ only"))
            }
        }
        try require(usesOperatorCode, operatorCode, "operator code", digitsOnly: true)
        try require(usesNodeCode, nodeCode, "node code", digitsOnly: true)
        try require(usesStation, station, "station id", digitsOnly: false)
    }

    /// The key a sequence counts under for one day: the code with its sequence (and check digit)
    /// left as the placeholder text, e.g. `330102001261122{seq:5}`.
    public func sequenceKey(nodeCode: String, operatorCode: String, station: String, localDate: LocalDate) -> String {
        assemble(nodeCode: nodeCode, operatorCode: operatorCode, station: station, localDate: localDate, sequence: nil)
    }

    /// The key the issuer stores a sequence's state under: like `sequenceKey` but with the date
    /// also left as placeholder text, so one row per operator/node carries its last date.
    public func streamKey(nodeCode: String, operatorCode: String, station: String) -> String {
        assemble(nodeCode: nodeCode, operatorCode: operatorCode, station: station, localDate: nil, sequence: nil)
    }

    /// Renders one trace code. `sequence` must be in 1...maxSequence (the issuer checks).
    public func render(
        nodeCode: String, operatorCode: String, station: String, localDate: LocalDate, sequence: Int64
    ) -> String {
        assemble(
            nodeCode: nodeCode, operatorCode: operatorCode, station: station, localDate: localDate, sequence: sequence)
    }

    /// Builds a code; a nil date or sequence is written as its placeholder text (for keys).
    private func assemble(
        nodeCode: String, operatorCode: String, station: String, localDate: LocalDate?, sequence: Int64?
    ) -> String {
        var code = ""
        code.reserveCapacity(24)
        for piece in pieces {
            switch piece {
            case .literal(let chars): code += chars
            case .operatorCode: code += operatorCode
            case .nodeCode: code += nodeCode
            case .station: code += station
            case .date(let fourDigitYear):
                if let localDate {
                    let year = fourDigitYear ? localDate.year : localDate.year % 100
                    code += Self.padded(Int64(year), width: fourDigitYear ? 4 : 2)
                    code += Self.padded(Int64(localDate.month), width: 2)
                    code += Self.padded(Int64(localDate.day), width: 2)
                } else {
                    code += fourDigitYear ? "{date:yyyyMMdd}" : "{date:yyMMdd}"
                }
            case .sequence(let width):
                code += sequence.map { Self.padded($0, width: width) } ?? "{seq:\(width)}"
            case .check:
                if sequence != nil {
                    code += Self.gs1CheckDigit(code).map(String.init) ?? "?"
                } else {
                    code += "{check}"
                }
            }
        }
        return code
    }

    /// Zero-pads a non-negative number to `width` digits.
    private static func padded(_ value: Int64, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// The GS1 mod-10 check digit over `digits` (weights 3,1,3,… from the right), as in
    /// GTIN/SSCC: `200012301234` → 6 (`2000123012346`, domain.md §3).
    /// Nil when `digits` is empty or not all ASCII digits.
    public static func gs1CheckDigit(_ digits: some StringProtocol) -> Int? {
        var sum = 0
        var weight = 3
        var count = 0
        for scalar in digits.unicodeScalars.reversed() {
            guard ("0"..."9").contains(scalar) else { return nil }
            sum += Int(scalar.value - 48) * weight
            weight = 4 - weight
            count += 1
        }
        guard count > 0 else { return nil }
        return (10 - sum % 10) % 10
    }

    /// Why a template or its inputs were refused, in words an installer can act on.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// The explanation, naming the template and what to change.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    /// A calendar date in the station's local time (proleptic Gregorian), computed without
    /// Foundation's calendars so it is cheap and identical everywhere.
    public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
        /// Year, e.g. 2026.
        public var year: Int
        /// Month, 1...12.
        public var month: Int
        /// Day of the month, 1...31.
        public var day: Int

        /// Creates a date from its parts (not range-checked).
        public init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        /// The local date at `secondsSince1970` (UTC) for a zone `utcOffsetSeconds` east of UTC.
        public init(secondsSince1970: Int64, utcOffsetSeconds: Int) {
            let local = secondsSince1970 + Int64(utcOffsetSeconds)
            // Floor division so instants before 1970 land on the right day.
            let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
            self.init(daysSince1970: days)
        }

        /// The date `days` days after 1970-01-01.
        public init(daysSince1970 days: Int64) {
            let (year, month, day) = CivilCalendar.date(days: days)
            self.init(year: Int(year), month: Int(month), day: Int(day))
        }

        /// Days since 1970-01-01.
        public var daysSince1970: Int64 {
            CivilCalendar.days(year: Int64(year), month: Int64(month), day: Int64(day))
        }

        /// Parses `yyyy-MM-dd` (as the ledger stores it); nil for anything else.
        public init?(iso text: String) {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
                (1...12).contains(month), (1...31).contains(day)
            else { return nil }
            self.init(year: year, month: month, day: day)
        }

        /// `yyyy-MM-dd`.
        public var iso: String {
            TraceCodeTemplate.padded(Int64(year), width: 4) + "-" + TraceCodeTemplate.padded(Int64(month), width: 2)
                + "-" + TraceCodeTemplate.padded(Int64(day), width: 2)
        }

        /// `yyyy-MM-dd`.
        public var description: String { iso }

        /// Calendar order.
        public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
            (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
        }
    }
}
