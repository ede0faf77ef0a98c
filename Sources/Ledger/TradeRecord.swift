import Crypto
import Foundation
import GRDB
import TraceModel

/// One row of the `trades` table exactly as stored, and the hash chain's canonical form of it.
///
/// ## Hash chain, serialization version 1
/// `hash` = lowercase hex SHA-256 over the UTF-8 bytes of
/// `prev_hash` (64 hex characters) followed by the canonical form:
///
///     tracegate-trade-v1
///     trace_code=<n>:<value>
///     station=<n>:<value>
///     node_code=<n>:<value>
///     operator_code=<n>:<value>
///     product_code=<n>:<value>
///     product_name=<n>:<value>
///     grams=<n>:<decimal>
///     unit_price_fen=<n>:<decimal>
///     amount_fen=<n>:<decimal>
///     parents=<n>:<the stored JSON array text>
///     buyer=<n>:<value>
///     committed_at=<n>:<RFC 3339 UTC with milliseconds>
///     utc_offset_seconds=<n>:<decimal>
///
/// Each line starts with "\n" (so the version line follows `prev_hash` directly after a newline);
/// `<n>` is the value's length in UTF-8 bytes, which makes the form unambiguous whatever the
/// values contain. Integers are plain decimal with a leading "-" when negative. The row id is
/// not covered: order is covered by the chain itself. Neither is `clock_went_back`: it follows from the
/// `committed_at` order the chain covers, and `verify` checks it against that (docs/ledger-format.md, check 6).
/// A future version adds a new prefix line (`tracegate-trade-v2`) and a column recording which version each
/// row uses.
struct TradeRecord: Sendable, Hashable {
    /// The hash before the first trade.
    static let genesisHash = String(repeating: "0", count: 64)
    /// The version line of the canonical form.
    static let canonicalVersion = "tracegate-trade-v1"
    /// Columns in `SELECT` order for `init(row:)`, without `clock_went_back`, which `init(row:)` reads by name
    /// wherever the query selects it (`LedgerReader.clockFlag`).
    static let columns = "id, " + hashedColumns
    /// The stored columns the chain covers or links with, in `SELECT` order after `id`.
    private static let hashedColumns =
        "trace_code, station, node_code, operator_code, product_code, product_name, grams, unit_price_fen, "
        + "amount_fen, parents, buyer, committed_at, utc_offset_seconds, prev_hash, hash"
    /// Columns in `insertArguments` order.
    static let insertColumns = hashedColumns + ", clock_went_back"

    /// Row id.
    var id: Int64
    /// `trace_code`.
    var traceCode: String
    /// `station`.
    var station: String
    /// `node_code`.
    var nodeCode: String
    /// `operator_code`.
    var operatorCode: String
    /// `product_code`.
    var productCode: String
    /// `product_name`.
    var productName: String
    /// `grams`.
    var grams: Int64
    /// `unit_price_fen`.
    var unitPriceFen: Int64
    /// `amount_fen`.
    var amountFen: Int64
    /// `parents`: a JSON array of strings.
    var parentsJSON: String
    /// `buyer`.
    var buyer: String
    /// `committed_at`.
    var committedAt: String
    /// `utc_offset_seconds`.
    var utcOffsetSeconds: Int
    /// `prev_hash`.
    var prevHash: String
    /// `hash`.
    var hash: String
    /// `clock_went_back`: `committedAt` is earlier than the previous trade's (the wall clock was set back).
    /// False when the query did not select the column.
    var clockWentBack: Bool

    /// Reads a row selected with `columns`, in that order.
    ///
    /// Never traps: a column whose value has another type than the schema's (only an edit behind the ledger's back
    /// stores one) reads as 0 or its text, and `typeProblem(_:)` names it for `verify`.
    init(row: Row) {
        id = Self.integer(row, 0)
        traceCode = Self.text(row, 1)
        station = Self.text(row, 2)
        nodeCode = Self.text(row, 3)
        operatorCode = Self.text(row, 4)
        productCode = Self.text(row, 5)
        productName = Self.text(row, 6)
        grams = Self.integer(row, 7)
        unitPriceFen = Self.integer(row, 8)
        amountFen = Self.integer(row, 9)
        parentsJSON = Self.text(row, 10)
        buyer = Self.text(row, 11)
        committedAt = Self.text(row, 12)
        utcOffsetSeconds = Int(Self.integer(row, 13))
        prevHash = Self.text(row, 14)
        hash = Self.text(row, 15)
        clockWentBack = row.hasColumn(Self.clockFlagColumn) && Self.integer(row, Self.clockFlagColumn) != 0
    }

    /// The clock flag's column name.
    static let clockFlagColumn = "clock_went_back"

    /// The integer columns of a row selected with `columns`: index and name.
    private static let integerColumns = [
        (7, "grams"), (8, "unit_price_fen"), (9, "amount_fen"), (13, "utc_offset_seconds"),
    ]

    /// The text columns of a row selected with `columns` (every other column but `id`).
    private static let textColumns = [
        (1, "trace_code"), (2, "station"), (3, "node_code"), (4, "operator_code"), (5, "product_code"),
        (6, "product_name"), (10, "parents"), (11, "buyer"), (12, "committed_at"), (14, "prev_hash"), (15, "hash"),
    ]

    /// The first column of a row selected with `columns` whose SQLite storage class is not the schema's, described;
    /// nil when every column has its type (docs/ledger-format.md, check 3).
    static func typeProblem(_ row: Row) -> String? {
        for (index, name) in integerColumns {
            let value: DatabaseValue = row[index]
            if case .int64 = value.storage { continue }
            return "column \(name) holds \(value.description), not an integer"
        }
        for (index, name) in textColumns {
            let value: DatabaseValue = row[index]
            if case .string = value.storage { continue }
            return "column \(name) holds \(value.description), not text"
        }
        if row.hasColumn(clockFlagColumn) {
            let flag: DatabaseValue = row[clockFlagColumn]
            if case .int64 = flag.storage { return nil }
            return "column \(clockFlagColumn) holds \(flag.description), not an integer"
        }
        return nil
    }

    /// An integer column's value; 0 for another type.
    private static func integer(_ row: Row, _ index: Int) -> Int64 {
        integer(row[index])
    }

    /// A named integer column's value; 0 for another type.
    private static func integer(_ row: Row, _ name: String) -> Int64 {
        integer(row[name])
    }

    /// An integer value; 0 for another type.
    private static func integer(_ value: DatabaseValue) -> Int64 {
        if case .int64(let integer) = value.storage { return integer }
        return 0
    }

    /// A text column's value; the description of another type (a number, a blob, NULL).
    private static func text(_ row: Row, _ index: Int) -> String {
        let value: DatabaseValue = row[index]
        if case .string(let text) = value.storage { return text }
        return value.description
    }

    /// A record for a new trade; `hash` is computed from the fields and `prevHash`.
    init(
        traceCode: String, draft: TradeDraft, committedAt: String, utcOffsetSeconds: Int, prevHash: String,
        clockWentBack: Bool = false
    ) {
        id = 0
        self.traceCode = traceCode
        station = draft.station
        nodeCode = draft.nodeCode
        operatorCode = draft.operatorCode
        productCode = draft.productCode
        productName = draft.productName
        grams = draft.grams
        unitPriceFen = draft.unitPriceFen
        amountFen = draft.amountFen
        parentsJSON = Self.json(draft.parents)
        buyer = draft.buyer
        self.committedAt = committedAt
        self.utcOffsetSeconds = utcOffsetSeconds
        self.prevHash = prevHash
        self.clockWentBack = clockWentBack
        hash = ""
        hash = computedHash()
    }

    /// The values for `INSERT` in `columns` order, without `id`.
    var insertArguments: StatementArguments {
        [
            traceCode, station, nodeCode, operatorCode, productCode, productName, grams, unitPriceFen, amountFen,
            parentsJSON, buyer, committedAt, utcOffsetSeconds, prevHash, hash, clockWentBack ? 1 : 0,
        ]
    }

    /// The hash this record should carry given its fields and `prevHash` (serialization v1).
    func computedHash() -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        bytes.append(contentsOf: prevHash.utf8)
        bytes.append(0x0A)
        bytes.append(contentsOf: Self.canonicalVersion.utf8)
        func field(_ name: String, _ value: String) {
            bytes.append(0x0A)
            bytes.append(contentsOf: name.utf8)
            bytes.append(0x3D)  // "="
            bytes.append(contentsOf: String(value.utf8.count).utf8)
            bytes.append(0x3A)  // ":"
            bytes.append(contentsOf: value.utf8)
        }
        field("trace_code", traceCode)
        field("station", station)
        field("node_code", nodeCode)
        field("operator_code", operatorCode)
        field("product_code", productCode)
        field("product_name", productName)
        field("grams", String(grams))
        field("unit_price_fen", String(unitPriceFen))
        field("amount_fen", String(amountFen))
        field("parents", parentsJSON)
        field("buyer", buyer)
        field("committed_at", committedAt)
        field("utc_offset_seconds", String(utcOffsetSeconds))
        return Self.hex(SHA256.hash(data: bytes))
    }

    /// The committed trade this row describes. A `parents` column that is not a JSON array of
    /// strings (only possible after tampering) reads as one parent holding the raw text.
    var trade: Trade {
        let parents =
            Self.plainParents(parentsJSON)
            ?? (try? JSONDecoder().decode([String].self, from: Data(parentsJSON.utf8))) ?? [parentsJSON]
        let draft = TradeDraft(
            station: station, nodeCode: nodeCode, operatorCode: operatorCode, productCode: productCode,
            productName: productName, grams: grams, unitPriceFen: unitPriceFen, amountFen: amountFen,
            parents: parents, buyer: buyer)
        let millis = CommitTimestamp.parse(committedAt) ?? 0
        return Trade(
            id: id, traceCode: traceCode, draft: draft, committedAt: CommitTimestamp.date(milliseconds: millis),
            utcOffsetSeconds: utcOffsetSeconds, prevHash: prevHash, hash: hash, clockWentBack: clockWentBack)
    }

    /// Reads the common form `json(_:)` writes without escapes (`[]`, `["a","b"]`) without a JSONDecoder,
    /// which costs more than the rest of the row on the delivery hot path; nil for anything else.
    static func plainParents(_ text: String) -> [String]? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes.first == 0x5B, bytes.last == 0x5D, !bytes.contains(0x5C) else { return nil }
        if bytes.count == 2 { return [] }
        var parents: [String] = []
        var index = 1
        while index < bytes.count - 1 {
            guard bytes[index] == 0x22, let close = bytes[(index + 1)...].firstIndex(of: 0x22) else { return nil }
            parents.append(String(decoding: bytes[(index + 1)..<close], as: UTF8.self))
            index = close + 1
            if bytes[index] == 0x2C {
                index += 1
            } else if index != bytes.count - 1 {
                return nil
            }
        }
        return parents
    }

    /// A compact, deterministic JSON array of strings (the chain hashes this exact text).
    static func json(_ strings: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, string) in strings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONString.append(string, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Lowercase hex of a digest.
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let table = Array("0123456789abcdef".utf8)
        var chars: [UInt8] = []
        chars.reserveCapacity(64)
        for byte in digest {
            chars.append(table[Int(byte >> 4)])
            chars.append(table[Int(byte & 0x0F)])
        }
        return String(decoding: chars, as: UTF8.self)
    }
}
