import Foundation
import Uplink

/// Reads a `tracegate-v1` batch (`docs/uplink-openapi.yaml`, `TradeBatch`) and checks what makes the batch as a
/// whole unusable: JSON, required fields and types, `format`, a `batch_id` that is not the SHA-256 of the trace
/// codes, an `Idempotency-Key` that differs from it, no items. Those are a 400 problem naming the field.
/// Problems of one item's values (grams < 1 …) are that item's `rejected`, not the batch's 400.
enum TradeBatchDecoder {
    /// A decoded batch.
    struct Batch: Sendable {
        /// The batch id.
        var id: String
        /// The trades in batch order.
        var trades: [PlatformTrade]
    }

    /// Decodes `body`; `idempotencyKey` is the header's value.
    static func decode(_ body: [UInt8], idempotencyKey: String?) throws(HTTPProblem) -> Batch {
        let wire: WireBatch
        do {
            // The plain shape our encoder writes takes the fast path; anything else, JSONDecoder judges and words.
            wire =
                try TradeBatchScanner.scan(body)
                ?? JSONDecoder().decode(WireBatch.self, from: Data(body))
        } catch let error as DecodingError {
            throw .malformed("body is not a tracegate-v1 TradeBatch: \(describe(error))")
        } catch {
            throw .malformed("body is not a tracegate-v1 TradeBatch: \(error)")
        }
        guard wire.format == TraceGateV1Encoder.formatName else {
            throw .malformed("format must be '\(TraceGateV1Encoder.formatName)', got '\(wire.format)'")
        }
        guard !wire.items.isEmpty else { throw .malformed("items is empty; a batch carries at least one trade") }
        let expected = UplinkBatch.id(traceCodes: wire.items.map(\.trace_code))
        guard wire.batch_id == expected else {
            throw .malformed(
                "batch_id \(wire.batch_id) is not the SHA-256 of the batch's trace codes each followed by a line feed"
                    + " (expected \(expected))")
        }
        guard let key = idempotencyKey else {
            throw .malformed("Idempotency-Key header is missing; send the batch id in it")
        }
        guard key == wire.batch_id else {
            throw .malformed("Idempotency-Key \(key) differs from batch_id \(wire.batch_id)")
        }
        let trades = wire.items.map { item in
            PlatformTrade(
                traceCode: item.trace_code, station: item.station, stationKind: item.station_kind,
                nodeCode: wire.node.code, nodeName: wire.node.name, operatorCode: item.operator_code,
                productCode: item.product_code, productName: item.product_name, grams: item.grams,
                unitPriceFen: item.unit_price_fen, amountFen: item.amount_fen, parents: item.parents, buyer: item.buyer,
                committedAt: item.committed_at, utcOffset: item.utc_offset, ledgerID: item.ledger_id,
                prevHash: item.prev_hash, hash: item.hash)
        }
        return Batch(id: wire.batch_id, trades: trades)
    }

    /// `items[3].grams: required field missing`.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String { CodingPath.text(keys, topLevel: "(top level)") }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required field missing"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(type), got null"
        case .dataCorrupted(let context):
            let cause = (context.underlyingError as NSError?)?.localizedDescription
            return "\(path(context.codingPath)): \(cause ?? context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// `TradeBatch` with the spec's field names; `TradeBatchScanner` fills the same type on its fast path.
    struct WireBatch: Decodable {
        /// `format`.
        var format = ""
        /// `batch_id`.
        var batch_id = ""
        /// `node`.
        var node = WireNode()
        /// `items`.
        var items: [WireItem] = []
    }

    /// `Node`.
    struct WireNode: Decodable {
        /// 9-digit node code.
        var code = ""
        /// Node name.
        var name = ""
        /// Node kind.
        var kind = ""
    }

    /// `Trade`.
    struct WireItem: Decodable {
        /// Fields as on the wire.
        var trace_code = "", station = "", station_kind = "", operator_code = "", product_code = "", product_name = ""
        /// Integer fields as on the wire.
        var grams: Int64 = 0, unit_price_fen: Int64 = 0, amount_fen: Int64 = 0
        /// `parents`.
        var parents: [String] = []
        /// More fields as on the wire.
        var buyer = "", committed_at = "", utc_offset = ""
        /// `ledger_id`.
        var ledger_id: Int64 = 0
        /// The hash-chain links.
        var prev_hash = "", hash = ""
    }
}
