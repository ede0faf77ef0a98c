import Foundation
import GRDB
import Uplink

/// What the receipts log needs to know of an upload request while it is handled.
struct ReceiptTicket: Sendable {
    /// Its arrival tick (taken before any fault, latency or body read).
    var request: Int64
    /// Fault injection will reset the connection instead of answering.
    var dropsAnswer: Bool
}

extension ReceiptAnswer {
    /// The answer to an item that was decided (`committed` false: its all-or-nothing request was rolled back).
    init(_ status: ItemStatus, committed: Bool) {
        switch status {
        case .accepted: self = committed ? .accepted : .notStored
        case .duplicate: self = .duplicate
        case .rejected: self = .rejected
        case .retry: self = .retry
        }
    }
}

/// The receipts log (docs/reference-platform.md, "Receipts"): every upload request and its items, in arrival
/// order, whatever faults did with them.
extension PlatformStore {
    /// The next tick of the receipts clock.
    func tick() -> Int64 {
        ticks.withLock { value in
            value += 1
            return value
        }
    }

    /// Logs a request that was not handled item by item (a fault before handling, a refused body) or was answered
    /// from the idempotency store, in its own transaction.
    func logReceipt(
        _ ticket: ReceiptTicket, format: String, batch: String, outcome: ReceiptOutcome, answeredNow: Bool,
        items: [(traceCode: String, station: String, answer: ReceiptAnswer)]
    ) async throws {
        try await pool.write { db in
            try self.logReceipt(
                ticket, format: format, batch: batch, outcome: outcome, answeredNow: answeredNow, items: items, in: db)
        }
    }

    /// Logs a request and its items inside the caller's transaction; the answer tick is taken here, after the
    /// items were decided. The items go into one JSON text, `[["trace code","station","answer"],…]`.
    func logReceipt(
        _ ticket: ReceiptTicket, format: String, batch: String, outcome: ReceiptOutcome, answeredNow: Bool,
        items: [(traceCode: String, station: String, answer: ReceiptAnswer)], in db: Database
    ) throws {
        var json = JSONBytes(capacity: 2 + items.count * 48)
        json.raw("[")
        for (index, item) in items.enumerated() {
            json.raw(index == 0 ? "[" : ",[")
            json.string(item.traceCode)
            json.raw(",")
            json.string(item.station)
            json.raw(",")
            json.string(item.answer.rawValue)
            json.raw("]")
        }
        json.raw("]")
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO receipt_request
                    (request, format, batch, outcome, answered, answer_dropped, items)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            ticket.request, format, batch, outcome.rawValue, answeredNow ? tick() : nil, ticket.dropsAnswer,
            String(decoding: json.bytes, as: UTF8.self),
        ])
    }

    /// Marks a handled request whose connection had closed before its answer could be written.
    func markSenderGone(request: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE receipt_request SET sender_gone = 1 WHERE request = ?", arguments: [request])
        }
    }

    /// An EPCIS capture's answer is its job: the first finished job read that reached the sender sets the tick.
    func markCaptureAnswered(captureID: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE receipt_request SET answered = ?
                    WHERE format = 'epcis-2.0' AND batch = ? AND answered IS NULL
                    """,
                arguments: [self.tick(), captureID])
        }
    }

    /// Requests with their items, in arrival order, after arrival tick `after`.
    func receipts(after: Int64, limit: Int) async throws -> [ReceiptRequest] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM receipt_request WHERE request > ? ORDER BY request LIMIT ?",
                arguments: [after, limit]
            ).map(Self.receiptRequest)
        }
    }

    /// Per trace code: receipts and first arrival, in first-arrival order; only codes that arrived at least
    /// `minimum` times. Counted from the whole log (a test's read, not a hot path).
    func receiptCounts(minimum: Int) async throws -> [ReceiptCount] {
        try await pool.read { db in
            var counts: [ReceiptCount] = []
            var index: [String: Int] = [:]
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM receipt_request ORDER BY request")
            while let row = try cursor.next() {
                let request = try Self.receiptRequest(row)
                for (position, item) in request.items.enumerated() {
                    if let known = index[item.traceCode] {
                        counts[known].receipts += 1
                    } else {
                        index[item.traceCode] = counts.count
                        counts.append(
                            ReceiptCount(
                                traceCode: item.traceCode, station: item.station, receipts: 1,
                                firstRequest: request.request, firstPosition: position))
                    }
                }
            }
            return counts.filter { $0.receipts >= minimum }
        }
    }

    /// A row of `receipt_request` as a value.
    static func receiptRequest(_ row: Row) throws -> ReceiptRequest {
        let outcome: String = row["outcome"]
        let itemsText: String = row["items"]
        let items = try JSONDecoder().decode([[String]].self, from: Data(itemsText.utf8)).map { fields in
            Receipt(
                traceCode: fields.count > 0 ? fields[0] : "", station: fields.count > 1 ? fields[1] : "",
                answer: fields.count > 2 ? ReceiptAnswer(rawValue: fields[2]) ?? .none : .none)
        }
        return ReceiptRequest(
            request: row["request"], format: row["format"], batch: row["batch"],
            outcome: ReceiptOutcome(rawValue: outcome) ?? .refused, answered: row["answered"],
            answerDropped: row["answer_dropped"], senderGone: row["sender_gone"], items: items)
    }
}
