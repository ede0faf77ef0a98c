/// What a platform's answer to one batch means for the outbox. Telegraf's rule holds: every trade ends accepted,
/// rejected (kept in the ledger, shown to the operator, never resent automatically) or kept for retry.
/// Nothing that is not clearly an acceptance is ever read as one.
public enum BatchReply: Sendable, Hashable {
    /// One result per trade of the batch, in batch order.
    case perItem([ItemResult])
    /// The whole batch should be sent again later, unchanged (same batch id): 429, 503, 5xx, or a platform that
    /// reported failure without per-item detail. `afterSeconds` is the server's Retry-After when it gave seconds.
    case retryLater(afterSeconds: Int?, reason: String)
    /// 413: the platform refuses a batch this large; split it and send the parts (each gets its own id).
    case tooLarge(reason: String)

    /// Whether every trade of the batch is accepted.
    public var allAccepted: Bool {
        if case .perItem(let items) = self { return items.allSatisfy { $0.outcome == .accepted } }
        return false
    }

    /// The meaning of a status that says nothing about the trades themselves, the same in every format: 413 →
    /// split (`tooLarge` names what was refused), 429, 503 and other 5xx → send again later (after the
    /// Retry-After seconds when given); nil for any other status, which each format reads its own way.
    static func forTransientStatus(_ status: Int, headers: [UplinkHeader], tooLarge: @autoclosure () -> String)
        -> BatchReply?
    {
        let after = { HeaderLookup.retryAfterSeconds(in: headers) }
        switch status {
        case 413: return .tooLarge(reason: tooLarge())
        case 429: return .retryLater(afterSeconds: after(), reason: "platform rate limit (429)")
        case 503: return .retryLater(afterSeconds: after(), reason: "platform unavailable (503)")
        case 500...599: return .retryLater(afterSeconds: after(), reason: "platform error \(status)")
        default: return nil
        }
    }
}

/// The platform's verdict on one trade.
public struct ItemResult: Sendable, Hashable {
    /// The trade's trace code.
    public var traceCode: String
    /// The verdict.
    public var outcome: ItemOutcome

    /// Creates a result.
    public init(traceCode: String, outcome: ItemOutcome) {
        self.traceCode = traceCode
        self.outcome = outcome
    }
}

/// Accepted, rejected for good (with the platform's reason) or to be retried.
public enum ItemOutcome: Sendable, Hashable {
    /// Stored by the platform (including "already had it": the trace code is the idempotency key).
    case accepted
    /// Refused for good; the reason is the platform's, for the operator.
    case rejected(reason: String)
    /// Not stored this time; send again later.
    case retry(reason: String)
}

extension ItemOutcome {
    /// A `tracegate-v1` result's `status` and `reason` (`docs/uplink-openapi.yaml`, `ItemResult`): `accepted` and
    /// `duplicate` are acceptances; a rejection or retry without a reason gets one for the operator. Nil for any
    /// other status.
    init?(tracegateV1Status status: String, reason: String?) {
        let reason = reason ?? ""
        switch status {
        case "accepted", "duplicate": self = .accepted
        case "rejected": self = .rejected(reason: reason.isEmpty ? "rejected without a reason" : reason)
        case "retry": self = .retry(reason: reason.isEmpty ? "platform asked to retry" : reason)
        default: return nil
        }
    }
}
