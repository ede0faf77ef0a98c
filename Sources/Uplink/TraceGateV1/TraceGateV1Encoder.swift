import TraceModel

/// `tracegate-v1`: our JSON batch API (`docs/uplink-openapi.yaml`, `POST /v1/trades:batch`).
///
/// Body: `{"format":"tracegate-v1","batch_id":…,"node":{code,name,kind},"items":[…]}` with one item per trade,
/// keyed by `trace_code`, in batch order. Weights are integer grams and money integer fen, exactly as stored;
/// times are RFC 3339 UTC with the local offset beside them (the same fields as `tracegate trades list --json`).
/// The batch id also goes in the `Idempotency-Key` header so a platform can deduplicate before parsing.
public struct TraceGateV1Encoder: Sendable {
    /// The format name used in configuration and in the body.
    public static let formatName = "tracegate-v1"
    /// The sending node.
    public var node: UplinkNode

    /// Creates an encoder for this node.
    public init(node: UplinkNode) { self.node = node }

    /// The request body for a batch.
    public func encode(_ batch: UplinkBatch) -> UplinkRequestBody {
        let document: OrderedJSON = .object([
            ("format", .string(Self.formatName)),
            ("batch_id", .string(batch.id)),
            (
                "node",
                .object([
                    ("code", .string(node.code)), ("name", .string(node.name)), ("kind", .string(node.kind.rawValue)),
                ])
            ),
            ("items", .array(batch.trades.map(item))),
        ])
        return UplinkRequestBody(
            bytes: document.bytes, contentType: "application/json",
            headers: [UplinkHeader("Idempotency-Key", batch.id)], batchID: batch.id)
    }

    /// One trade as an item.
    func item(_ trade: Trade) -> OrderedJSON {
        let draft = trade.draft
        return .object([
            ("trace_code", .string(trade.traceCode)),
            ("station", .string(draft.station)),
            ("station_kind", .string(node.stationKind(of: draft.station).rawValue)),
            ("operator_code", .string(draft.operatorCode)),
            ("product_code", .string(draft.productCode)),
            ("product_name", .string(draft.productName)),
            ("grams", .integer(draft.grams)),
            ("unit_price_fen", .integer(draft.unitPriceFen)),
            ("amount_fen", .integer(draft.amountFen)),
            ("parents", .array(draft.parents.map { .string($0) })),
            ("buyer", .string(draft.buyer)),
            ("committed_at", .string(WireTime.utc(trade.committedAt))),
            ("utc_offset", .string(WireTime.offset(trade.utcOffsetSeconds))),
            ("ledger_id", .integer(trade.id)),
            ("prev_hash", .string(trade.prevHash)),
            ("hash", .string(trade.hash)),
        ])
    }
}
