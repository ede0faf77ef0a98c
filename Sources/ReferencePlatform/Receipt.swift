/// One upload request as the platform received it (`GET /admin/receipts`; only the platform makes one): what the gateway actually sent, item by
/// item in its order, and what the platform answered — recorded whatever the faults did with the request, so tests
/// can judge the sender rather than what the platform chose to store (docs/reference-platform.md, "Receipts").
///
/// `request` and `answered` are ticks of one platform-wide counter: a request's tick is taken when it arrives (before
/// any fault, latency or body read), `answered` when its answer is decided. An answer whose tick is above another
/// request's arrival tick cannot have reached the sender before it sent that request.
public struct ReceiptRequest: Sendable, Hashable, Codable {
    /// Arrival tick; also the request's number (unique, increasing in arrival order).
    public var request: Int64
    /// `tracegate-v1`, `epcis-2.0` or `city-form-json`.
    public var format: String
    /// The batch id, capture id or city-form method (empty when the body could not be read).
    public var batch: String
    /// What the platform did with the request as a whole.
    public var outcome: ReceiptOutcome
    /// Tick at which the per-item answer was decided; nil when the request got none (reset, down) or, for an EPCIS
    /// capture, while no finished job has been read yet (the capture's answer is its job).
    public var answered: Int64?
    /// The platform reset the connection instead of answering (`drop_after_store_rate`): the sender never got it.
    public var answerDropped: Bool
    /// The connection was already closed when the answer was ready (the sender timed out or died).
    public var senderGone: Bool
    /// The items, in the request's order (position = index).
    public var items: [Receipt]

    /// Whether the per-item answers can have reached the sender: handled or replayed, decided, neither dropped by a
    /// fault nor after the sender had gone. (Whether it really arrived, only the sender knows.)
    public var answerDelivered: Bool {
        (outcome == .answered || outcome == .replayed) && answered != nil && !answerDropped && !senderGone
    }

    /// The tick from which the sender may know the answer to `items`, or nil when it never can.
    public var settledAt: Int64? { answerDelivered ? answered : nil }

    enum CodingKeys: String, CodingKey {
        case request, format, batch, outcome, answered, items
        case answerDropped = "answer_dropped"
        case senderGone = "sender_gone"
    }
}

/// One item of an upload request.
public struct Receipt: Sendable, Hashable, Codable {
    /// The trade's trace code.
    public var traceCode: String
    /// Its station.
    public var station: String
    /// What the platform answered for it.
    public var answer: ReceiptAnswer

    enum CodingKeys: String, CodingKey {
        case traceCode = "trace_code"
        case station, answer
    }
}

/// What a request as a whole came to.
public enum ReceiptOutcome: String, Sendable, Hashable, Codable {
    /// Handled: every item has its answer (for EPCIS, in the capture job).
    case answered
    /// Answered from the idempotency store (the same batch id again); the items carry the replayed answers.
    case replayed
    /// All-or-nothing (city-form, EPCIS rollback) with a failing item: nothing was stored.
    case rolledBack = "rolled_back"
    /// Refused as a whole: 400, 413 or 415 (the items, when the body could be read, are `none`).
    case refused
    /// Reset before handling (`reset_rate`).
    case reset
    /// 500 by fault injection.
    case serverError = "server_error"
    /// 429 by fault injection.
    case rateLimited = "rate_limited"
    /// 503 by fault injection.
    case unavailable
    /// Reset because the platform was down (`down_for_s`).
    case down
    /// 401: missing or wrong bearer token.
    case unauthorized
}

/// The answer to one item.
public enum ReceiptAnswer: String, Sendable, Hashable, Codable {
    /// Stored by this request.
    case accepted
    /// Already held.
    case duplicate
    /// Refused for good.
    case rejected
    /// Not stored; send again.
    case retry
    /// Would have been stored, but its all-or-nothing request was rolled back.
    case notStored = "not_stored"
    /// The request was not handled item by item (a fault before handling, a refused body).
    case none

    /// Settles the trade for the sender (it must not send it again once it has this answer).
    public var settles: Bool { self == .accepted || self == .duplicate || self == .rejected }
}

/// Per trace code: how often it arrived and when first (`GET /admin/receipts/codes`).
public struct ReceiptCount: Sendable, Hashable, Codable {
    /// The trace code.
    public var traceCode: String
    /// Its station.
    public var station: String
    /// Items carrying it, in all upload requests (faulted ones included).
    public var receipts: Int
    /// The request it first arrived in.
    public var firstRequest: Int64
    /// Its position in that request.
    public var firstPosition: Int

    enum CodingKeys: String, CodingKey {
        case traceCode = "trace_code"
        case station, receipts
        case firstRequest = "first_request"
        case firstPosition = "first_position"
    }
}
