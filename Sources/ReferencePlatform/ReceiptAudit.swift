import TraceModel
import Uplink

/// Judges a sender by the platform's receipts log and a ledger (docs/reference-platform.md, "Receipts"): the checks
/// behind the gateway's promises — every trade stored once with its ledger contents, resends after lost answers
/// happened and were absorbed, and each station's trades sent in ledger order. Shared by the in-process fault storm
/// and the out-of-process kill test. Every check returns human-readable problems, empty when the promise holds.
public enum ReceiptAudit {
    // MARK: Exactly once, field by field

    /// Every ledger trade is stored exactly once, nothing else is stored, and each stored trade equals its ledger
    /// row field by field (trace code, station, node, operator, product code and name, grams, unit price, amount,
    /// parents, buyer, commit time, offset, ledger id, both hash links). `ledger` is the gateway's ledger as its
    /// own module reads it.
    public static func storageProblems(stored: [StoredTrade], ledger: [Trade]) -> [String] {
        var problems: [String] = []
        let rows = Dictionary(ledger.map { ($0.traceCode, $0) }, uniquingKeysWith: { first, _ in first })
        let held = Dictionary(grouping: stored, by: \.trade.traceCode)
        for trade in ledger.sorted(by: { $0.id < $1.id }) {
            guard let copies = held[trade.traceCode] else {
                problems.append("\(trade.traceCode) (ledger id \(trade.id), \(trade.draft.station)) is not stored")
                continue
            }
            if copies.count > 1 {
                problems.append(
                    "\(trade.traceCode) (ledger id \(trade.id)) is stored \(copies.count) times (platform sequences "
                        + "\(copies.map(\.sequence).sorted()))")
            }
            for copy in copies {
                for difference in differences(copy.trade, trade) {
                    problems.append("\(trade.traceCode) (ledger id \(trade.id)) differs: \(difference)")
                }
            }
        }
        for code in held.keys.sorted() where rows[code] == nil {
            problems.append("\(code) is stored but not in the ledger")
        }
        return problems
    }

    /// The fields of `stored` that differ from the ledger's `trade`, as `field: stored X, ledger Y`; times in the
    /// forms tracegate-v1 sends (`WireTime`: UTC with the ledger's whole milliseconds, and the offset).
    public static func differences(_ stored: PlatformTrade, _ trade: Trade) -> [String] {
        var out: [String] = []
        func compare<Value: Equatable>(_ name: String, _ platform: Value, _ ledger: Value) {
            if platform != ledger { out.append("\(name): stored \(platform), ledger \(ledger)") }
        }
        let draft = trade.draft
        compare("trace_code", stored.traceCode, trade.traceCode)
        compare("station", stored.station, draft.station)
        compare("node_code", stored.nodeCode, draft.nodeCode)
        compare("operator_code", stored.operatorCode, draft.operatorCode)
        compare("product_code", stored.productCode, draft.productCode)
        compare("product_name", stored.productName, draft.productName)
        compare("grams", stored.grams, draft.grams)
        compare("unit_price_fen", stored.unitPriceFen, draft.unitPriceFen)
        compare("amount_fen", stored.amountFen, draft.amountFen)
        compare("parents", stored.parents, draft.parents)
        compare("buyer", stored.buyer, draft.buyer)
        compare("committed_at", stored.committedAt, WireTime.utc(trade.committedAt))
        compare("utc_offset", stored.utcOffset, WireTime.offset(trade.utcOffsetSeconds))
        compare("ledger_id", stored.ledgerID, trade.id)
        compare("prev_hash", stored.prevHash, trade.prevHash)
        compare("hash", stored.hash, trade.hash)
        return out
    }

    // MARK: Resends

    /// How often each trace code arrived (items of every upload request, faulted ones included).
    public static func receiptCounts(_ log: [ReceiptRequest]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for request in log {
            for item in request.items { counts[item.traceCode, default: 0] += 1 }
        }
        return counts
    }

    /// A trade the platform stored while the answer saying so never reached the sender.
    public struct LostAnswer: Sendable, Hashable {
        /// The trade.
        public var traceCode: String
        /// The request that stored it.
        public var request: Int64
        /// The platform dropped the answer on purpose (`drop_after_store_rate`); otherwise the sender had gone.
        public var dropped: Bool
    }

    /// Trades accepted (stored) by a request whose answer was dropped or whose sender had gone.
    public static func lostAnswers(_ log: [ReceiptRequest]) -> [LostAnswer] {
        log.filter { $0.outcome == .answered && ($0.answerDropped || $0.senderGone) }.flatMap { request in
            request.items.filter { $0.answer == .accepted }.map {
                LostAnswer(traceCode: $0.traceCode, request: request.request, dropped: request.answerDropped)
            }
        }
    }

    /// Each lost answer's trade must have arrived again after the request that stored it, and been absorbed:
    /// answered `duplicate`, or the stored answer replayed (same batch id). Problems name the trades that were not.
    public static func resendProblems(_ log: [ReceiptRequest], lost: [LostAnswer]) -> [String] {
        var arrivals: [String: [(request: ReceiptRequest, answer: ReceiptAnswer)]] = [:]
        for request in log {
            for item in request.items { arrivals[item.traceCode, default: []].append((request, item.answer)) }
        }
        var problems: [String] = []
        for answer in lost {
            let later = (arrivals[answer.traceCode] ?? []).filter { $0.request.request > answer.request }
            let why = answer.dropped ? "its answer was dropped" : "its sender had gone"
            guard !later.isEmpty else {
                problems.append(
                    "\(answer.traceCode) was stored by request \(answer.request) but \(why), and it never arrived again"
                )
                continue
            }
            let absorbed = later.filter {
                ($0.request.outcome == .answered && $0.answer == .duplicate)
                    || ($0.request.outcome == .replayed && $0.answer.settles)
            }
            if absorbed.isEmpty {
                problems.append(
                    "\(answer.traceCode) was stored by request \(answer.request) (\(why)) and arrived again "
                        + "\(later.count) time(s), never answered duplicate or replayed: "
                        + later.map {
                            "request \($0.request.request) \($0.request.outcome.rawValue)/\($0.answer.rawValue)"
                        }
                        .joined(separator: ", "))
            }
        }
        return problems
    }

    /// A trade sent again after an answer that settled it could have reached the sender.
    public struct NeedlessResend: Sendable, Hashable, CustomStringConvertible {
        /// The request that sent it again.
        public var request: ReceiptRequest
        /// Its position there.
        public var position: Int
        /// The trade.
        public var traceCode: String
        /// The request whose answer had settled it.
        public var settledBy: Int64
        /// That answer.
        public var answer: ReceiptAnswer
        /// That answer's tick.
        public var answeredAt: Int64

        /// For test messages.
        public var description: String {
            "request \(request.request) (\(request.outcome.rawValue), \(describe(request.batch))) sent \(traceCode) "
                + "again at position \(position) after request \(settledBy) had answered it \(answer.rawValue) "
                + "(answer tick \(answeredAt))"
        }
    }

    /// Receipts of a trade sent again after an answer that settled it (accepted, duplicate or rejected) could
    /// have reached the sender: the sender had its answer and sent anyway. A sender that crashes between receiving
    /// an answer and recording it legitimately does this; one that does not crash should never.
    public static func needlessResends(_ log: [ReceiptRequest]) -> [NeedlessResend] {
        let settled = settlement(log)
        var found: [NeedlessResend] = []
        for request in log.sorted(by: { $0.request < $1.request }) {
            for (position, item) in request.items.enumerated() {
                guard let by = settled[item.traceCode], by.tick < request.request else { continue }
                found.append(
                    NeedlessResend(
                        request: request, position: position, traceCode: item.traceCode, settledBy: by.request,
                        answer: by.answer, answeredAt: by.tick))
            }
        }
        return found
    }

    // MARK: Order on the wire

    /// Per station, the order the sender must keep: for every request and every item of station S whose ledger
    /// predecessor (the previous trade of S by ledger id) is P, either P is earlier in the same request, or a
    /// response that reached the sender before the request arrived had settled P (accepted, duplicate or rejected).
    /// Judged on what was sent — every upload request, faulted ones included — not on what the platform stored.
    ///
    /// "Reached the sender before": the answer's tick is below the request's arrival tick, it was not dropped and
    /// the connection was still open. Answers the sender lost in other ways (it timed out while the platform wrote
    /// it) are beyond the platform's view, so a violation relying on one goes unseen; what is reported is certain.
    public static func sendOrderViolations(_ log: [ReceiptRequest], ledger: [Trade]) -> [String] {
        var predecessor: [String: Trade] = [:]
        var ids: [String: Int64] = [:]
        var last: [String: Trade] = [:]
        for trade in ledger.sorted(by: { $0.id < $1.id }) {
            if let previous = last[trade.draft.station] { predecessor[trade.traceCode] = previous }
            last[trade.draft.station] = trade
            ids[trade.traceCode] = trade.id
        }
        let settled = settlement(log)
        var problems: [String] = []
        for request in log.sorted(by: { $0.request < $1.request }) {
            var earlier: Set<String> = []
            for (position, item) in request.items.enumerated() {
                defer { earlier.insert(item.traceCode) }
                guard let previous = predecessor[item.traceCode], !earlier.contains(previous.traceCode) else {
                    continue
                }
                if let by = settled[previous.traceCode], by.tick < request.request { continue }
                let when =
                    settled[previous.traceCode].map {
                        "its first settling answer (request \($0.request), \($0.answer.rawValue)) came at tick \($0.tick)"
                    } ?? "no answer that reached the sender ever settled it"
                problems.append(
                    "request \(request.request) (\(request.outcome.rawValue), \(describe(request.batch))) sent "
                        + "\(item.traceCode) (\(item.station), ledger id \(ids[item.traceCode] ?? -1)) at position "
                        + "\(position) before \(previous.traceCode) (ledger id \(previous.id)) was earlier in it or "
                        + "answered; \(when)")
            }
        }
        return problems
    }

    /// Per trace code, the first answer that settled it and could reach the sender.
    static func settlement(_ log: [ReceiptRequest]) -> [String: (tick: Int64, request: Int64, answer: ReceiptAnswer)] {
        var settled: [String: (tick: Int64, request: Int64, answer: ReceiptAnswer)] = [:]
        for request in log {
            guard let tick = request.settledAt else { continue }
            for item in request.items where item.answer.settles {
                if let known = settled[item.traceCode], known.tick <= tick { continue }
                settled[item.traceCode] = (tick, request.request, item.answer)
            }
        }
        return settled
    }

    /// A test message for a check's problems — how many and the first five — or nil when there are none.
    public static func summary(_ problems: [String], _ what: String) -> String? {
        guard !problems.isEmpty else { return nil }
        return "\(problems.count) \(what):\n" + problems.prefix(5).joined(separator: "\n")
            + (problems.count > 5 ? "\n…" : "")
    }

    /// A batch id short enough for a message.
    static func describe(_ batch: String) -> String { batch.isEmpty ? "no batch id" : "batch " + batch.prefix(12) }
}
