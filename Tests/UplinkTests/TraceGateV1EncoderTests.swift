import Testing
import TraceModel

@testable import Uplink

/// The tracegate-v1 body, golden.
@Suite struct TraceGateV1EncoderTests {
    /// One trade, byte for byte: key order, integers, Chinese text unescaped, idempotency header.
    @Test func goldenBody() {
        let batch = UplinkBatch(trades: [SampleTrades.trade(27)])
        let body = TraceGateV1Encoder(node: SampleTrades.node).encode(batch)
        #expect(body.contentType == "application/json")
        #expect(body.headers == [UplinkHeader("Idempotency-Key", batch.id)])
        let zeros = String(repeating: "0", count: 64)
        let hash = String(repeating: "a", count: 64)
        #expect(
            body.text
                == #"{"format":"tracegate-v1","batch_id":"\#(batch.id)","node":{"code":"330102001","name":"杭州某农贸市场","#
                + #""kind":"retail_market"},"items":[{"trace_code":"33010200100010000027","station":"stall-1","#
                + #""station_kind":"retail_sale","operator_code":"3301020010001","product_code":"10010001","#
                + #""product_name":"猪后腿肉","grams":1234,"unit_price_fen":3000,"amount_fen":3702,"#
                + #""parents":["33010200100020000001"],"buyer":"","committed_at":"2026-11-22T10:15:57.123Z","#
                + #""utc_offset":"+08:00","ledger_id":27,"prev_hash":"\#(zeros)","hash":"\#(hash)"}]}"#)
    }

    /// Text that needs JSON escaping stays valid JSON.
    @Test func escapesQuotesAndControlCharacters() {
        let json = OrderedJSON.object([("k", .string("a\"b\\c\nd\u{1}/猪"))])
        #expect(json.text == #"{"k":"a\"b\\c\nd\u0001/猪"}"#)
    }

    /// The byte writer and the `OrderedJSON` form agree on every trade, escapes, several parents, no parents,
    /// negative and zero numbers and Int64 extremes included.
    @Test func byteWriterMatchesTheOrderedJSONForm() throws {
        var trades = [
            SampleTrades.trade(1, name: "a\"b\\c\nd\u{1}/猪", buyer: "卡\t01"),
            SampleTrades.trade(2, parents: []),
            SampleTrades.trade(3, grams: 0, parents: ["a", "b\"", "c"], station: "stall-\u{7f}"),
        ]
        var extreme = SampleTrades.trade(4)
        extreme.draft.grams = Int64.min
        extreme.draft.amountFen = Int64.max
        extreme.draft.unitPriceFen = -7
        trades.append(extreme)
        let encoder = TraceGateV1Encoder(node: SampleTrades.node)
        let batch = UplinkBatch(trades: trades)
        let reference = OrderedJSON.object([
            ("format", .string(TraceGateV1Encoder.formatName)), ("batch_id", .string(batch.id)),
            (
                "node",
                .object([
                    ("code", .string(SampleTrades.node.code)), ("name", .string(SampleTrades.node.name)),
                    ("kind", .string(SampleTrades.node.kind.rawValue)),
                ])
            ),
            ("items", .array(trades.map(encoder.item))),
        ])
        #expect(encoder.encode(batch).bytes == reference.bytes)
        for value: Int64 in [0, 9, 10, -1, -10, 1_234_567_890, .max, .min] {
            var json = JSONBytes(capacity: 0)
            json.integer(value)
            #expect(json.bytes == Array(String(value).utf8))
        }
    }

    /// `fixedBytesPerItem` bounds an item whose strings are empty and whose numbers and station kind are widest.
    @Test func fixedBytesPerItemBoundsTheWidestEmptyItem() {
        var trade = SampleTrades.trade(1, parents: [], station: "", name: "")
        trade.traceCode = ""
        trade.draft.operatorCode = ""
        trade.draft.productCode = ""
        trade.draft.grams = .min
        trade.draft.unitPriceFen = .min
        trade.draft.amountFen = .min
        trade.id = .max
        let widestKind = StationKind.allCases.map(\.rawValue.utf8.count).max() ?? 0
        var node = SampleTrades.node
        node.stationKinds = ["": StationKind.allCases.first { $0.rawValue.utf8.count == widestKind }!]
        var json = JSONBytes(capacity: 0)
        json.raw(",")
        TraceGateV1Encoder(node: node).write(trade, into: &json)
        #expect(json.bytes.count <= TraceGateV1Encoder.fixedBytesPerItem)
    }
}
