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
    /// An item's fixed text at its widest, with its separating comma: keys and punctuation, the longest station
    /// kind, four 20-character integers, the time, the offset and both hashes (503 bytes; tests check the bound).
    /// The outbox adds the trade's variable text on top when it cuts a batch to the byte limit.
    public static let fixedBytesPerItem = 512

    /// Creates an encoder for this node.
    public init(node: UplinkNode) { self.node = node }

    /// The request body for a batch.
    ///
    /// Written straight into bytes (the same text `item(_:)` as an `OrderedJSON` tree gives, checked by the golden
    /// tests): the drain of a backlog encodes ~50,000 trades a second and a tree per item cost more than the rest
    /// of the encoding together (BENCHMARKS.md §6).
    public func encode(_ batch: UplinkBatch) -> UplinkRequestBody {
        var json = JSONBytes(capacity: 256 + batch.trades.count * 560)
        json.raw(#"{"format":"#)
        json.string(Self.formatName)
        json.raw(#","batch_id":"#)
        json.string(batch.id)
        json.raw(#","node":{"code":"#)
        json.string(node.code)
        json.raw(#","name":"#)
        json.string(node.name)
        json.raw(#","kind":"#)
        json.string(node.kind.rawValue)
        json.raw(#"},"items":["#)
        for (index, trade) in batch.trades.enumerated() {
            if index > 0 { json.raw(",") }
            write(trade, into: &json)
        }
        json.raw("]}")
        return UplinkRequestBody(
            bytes: json.bytes, contentType: "application/json",
            headers: [UplinkHeader("Idempotency-Key", batch.id)], batchID: batch.id)
    }

    /// One trade as an item, written into `json`.
    func write(_ trade: Trade, into json: inout JSONBytes) {
        let draft = trade.draft
        json.raw(#"{"trace_code":"#)
        json.string(trade.traceCode)
        json.raw(#","station":"#)
        json.string(draft.station)
        json.raw(#","station_kind":"#)
        json.string(node.stationKind(of: draft.station).rawValue)
        json.raw(#","operator_code":"#)
        json.string(draft.operatorCode)
        json.raw(#","product_code":"#)
        json.string(draft.productCode)
        json.raw(#","product_name":"#)
        json.string(draft.productName)
        json.raw(#","grams":"#)
        json.integer(draft.grams)
        json.raw(#","unit_price_fen":"#)
        json.integer(draft.unitPriceFen)
        json.raw(#","amount_fen":"#)
        json.integer(draft.amountFen)
        json.raw(#","parents":["#)
        for (index, parent) in draft.parents.enumerated() {
            if index > 0 { json.raw(",") }
            json.string(parent)
        }
        json.raw(#"],"buyer":"#)
        json.string(draft.buyer)
        json.raw(#","committed_at":"#)
        json.string(WireTime.utc(trade.committedAt))
        json.raw(#","utc_offset":"#)
        json.string(WireTime.offset(trade.utcOffsetSeconds))
        json.raw(#","ledger_id":"#)
        json.integer(trade.id)
        json.raw(#","prev_hash":"#)
        json.string(trade.prevHash)
        json.raw(#","hash":"#)
        json.string(trade.hash)
        json.raw("}")
    }

    /// One trade as an item (the reference form `write(_:into:)` must match byte for byte).
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
