/// One trade as the platform receives it, whatever the wire format. Units as in `docs/uplink-openapi.yaml`:
/// integer grams, integer fen, fen per kilogram. Only the platform's decoders and store make one (memberwise).
public struct PlatformTrade: Sendable, Hashable, Codable {
    /// 追溯码, the trade's key.
    public var traceCode: String
    /// Station (stall) id at the node.
    public var station: String
    /// `retail_sale`, `slaughter` … (tracegate-v1), or the EPCIS bizStep when only that is known.
    public var stationKind: String
    /// 9-digit node code.
    public var nodeCode: String
    /// Node name (empty when the format does not carry it).
    public var nodeName: String
    /// 13-digit operator code.
    public var operatorCode: String
    /// Product code.
    public var productCode: String
    /// Product name.
    public var productName: String
    /// Net weight in grams.
    public var grams: Int64
    /// Fen per kilogram.
    public var unitPriceFen: Int64
    /// Amount in fen.
    public var amountFen: Int64
    /// Upstream codes (来源).
    public var parents: [String]
    /// Buyer card or code; empty when none.
    public var buyer: String
    /// Commit time as sent (RFC 3339, or local wall time for city-form).
    public var committedAt: String
    /// The gateway's local offset (`+08:00`; empty when not sent).
    public var utcOffset: String
    /// Position in the gateway's ledger (0 when not sent).
    public var ledgerID: Int64
    /// The gateway's previous hash-chain link (empty when not sent).
    public var prevHash: String
    /// The gateway's hash-chain link (empty when not sent).
    public var hash: String

    /// JSON names as in tracegate-v1 (`docs/uplink-openapi.yaml`), plus the node's.
    enum CodingKeys: String, CodingKey {
        case traceCode = "trace_code"
        case station
        case stationKind = "station_kind"
        case nodeCode = "node_code"
        case nodeName = "node_name"
        case operatorCode = "operator_code"
        case productCode = "product_code"
        case productName = "product_name"
        case grams
        case unitPriceFen = "unit_price_fen"
        case amountFen = "amount_fen"
        case parents, buyer
        case committedAt = "committed_at"
        case utcOffset = "utc_offset"
        case ledgerID = "ledger_id"
        case prevHash = "prev_hash"
        case hash
    }

    /// Why the values cannot be a trade (schema minimums of `docs/uplink-openapi.yaml`), or nil.
    var valueProblem: String? {
        if traceCode.isEmpty { return "empty trace code" }
        if grams < 1 { return "grams must be ≥ 1, got \(grams)" }
        if unitPriceFen < 0 { return "unit_price_fen must be ≥ 0, got \(unitPriceFen)" }
        if amountFen < 0 { return "amount_fen must be ≥ 0, got \(amountFen)" }
        return nil
    }
}
