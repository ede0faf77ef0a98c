import TraceModel

/// `city-form-json`: the form-encoded upload some city 肉菜 platforms take (domain.md §1.5, Maoming uploader).
///
/// Body: `dataStr=<form-encoded JSON>`, content type `application/x-www-form-urlencoded; charset=UTF-8`, where
/// the JSON is `{"method":"<method>","list":[{…one row per trade…}],"size":<rows>}`. Rows carry the columns of the
/// `CityFormFieldMapping`, in its order. Units: weight kg (3 decimals), price yuan/kg and amount yuan
/// (2 decimals), all exact from grams and fen; time local `yyyy-MM-dd HH:mm:ss`.
///
/// Quirks: the method name differs per platform and per record kind (`sAnimalIn`, `sOriginOut` … seen; no retail
/// name is confirmed), so it is configuration. These platforms have no batch id or per-item results; the trace
/// code in each row is the only deduplication key they can use. Chunk batches to the platform's `maxReportNum`.
public struct CityFormEncoder: Sendable {
    /// The format name used in configuration.
    public static let formatName = "city-form-json"
    /// The sending node.
    public var node: UplinkNode
    /// The platform's method name for these records.
    public var method: String
    /// Field names.
    public var mapping: CityFormFieldMapping

    /// Creates an encoder.
    public init(node: UplinkNode, method: String, mapping: CityFormFieldMapping = .retailDefault) {
        self.node = node
        self.method = method
        self.mapping = mapping
    }

    /// The request body for a batch.
    public func encode(_ batch: UplinkBatch) -> UplinkRequestBody {
        let json = dataJSON(batch)
        let body = "dataStr=" + PercentEncoding.formValue(json.text)
        return UplinkRequestBody(
            bytes: Array(body.utf8), contentType: "application/x-www-form-urlencoded; charset=UTF-8", headers: [],
            batchID: batch.id)
    }

    /// The JSON carried in `dataStr`, before form encoding.
    public func dataJSON(_ batch: UplinkBatch) -> OrderedJSON {
        .object([
            ("method", .string(method)),
            ("list", .array(batch.trades.map(row))),
            ("size", .integer(Int64(batch.trades.count))),
        ])
    }

    /// One trade as a row.
    func row(_ trade: Trade) -> OrderedJSON {
        .object(mapping.columns.map { ($0.name, value($0.field, of: trade)) })
    }

    /// One value in its documented unit.
    func value(_ field: CityFormField, of trade: Trade) -> OrderedJSON {
        let draft = trade.draft
        switch field {
        case .traceCode: return .string(trade.traceCode)
        case .parents: return .string(draft.parents.joined(separator: ","))
        case .nodeCode: return .string(draft.nodeCode)
        case .nodeName: return .string(node.name)
        case .operatorCode: return .string(draft.operatorCode)
        case .station: return .string(draft.station)
        case .productCode: return .string(draft.productCode)
        case .productName: return .string(draft.productName)
        case .weightKilograms: return .number(DecimalText.kilograms(grams: draft.grams))
        case .unitPriceYuanPerKilogram: return .number(DecimalText.yuan(fen: draft.unitPriceFen))
        case .amountYuan: return .number(DecimalText.yuan(fen: draft.amountFen))
        case .saleTime:
            return .string(WireTime.localWallClock(trade.committedAt, offsetSeconds: trade.utcOffsetSeconds))
        case .buyer: return .string(draft.buyer)
        }
    }
}
