import Foundation
import Testing
import TraceModel

@testable import Uplink

/// The city-form-json body: golden JSON, form encoding of Chinese text, units, mapping.
@Suite struct CityFormEncoderTests {
    let encoder = CityFormEncoder(node: SampleTrades.node, method: "sRetailTranInfo")

    /// The JSON inside dataStr, golden, with documented units.
    @Test func goldenDataJSON() {
        let batch = UplinkBatch(trades: [SampleTrades.trade(27, grams: 1200, parents: ["A1", "B2"])])
        #expect(
            encoder.dataJSON(batch).text
                == #"{"method":"sRetailTranInfo","list":[{"retail_market_id":"330102001","#
                + #""retail_market_name":"杭州某农贸市场","retailer_id":"3301020010001","position_id":"stall-1","#
                + #""sale_date":"2026-11-22 18:15:57","tran_id":"A1,B2","sale_tran_id":"33010200100010000027","#
                + #""goods_code":"10010001","goods_name":"猪后腿肉","weight":1.200,"price":30.00,"amount":36.00}],"#
                + #""size":1}"#)
    }

    /// The body is `dataStr=` + form encoding, which decodes back to exactly the JSON (Chinese included).
    @Test func formEncodingRoundTrips() throws {
        let batch = UplinkBatch(trades: [SampleTrades.trade(1, name: "青菜 & 猪肉+50%"), SampleTrades.trade(2)])
        let body = encoder.encode(batch)
        #expect(body.contentType == "application/x-www-form-urlencoded; charset=UTF-8")
        #expect(body.text.hasPrefix("dataStr=%7B%22method%22%3A%22sRetailTranInfo%22"))
        #expect(body.text.contains("%E9%9D%92%E8%8F%9C+%26+%E7%8C%AA%E8%82%89%2B50%25"))  // 青菜 & 猪肉+50%
        #expect(body.bytes.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "&") })
        let encoded = String(body.text.dropFirst("dataStr=".count))
        let decoded = encoded.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        #expect(decoded == encoder.dataJSON(batch).text)
        let object = try JSONSerialization.jsonObject(with: Data(decoded!.utf8)) as? [String: Any]
        #expect(object?["size"] as? Int == 2)
        #expect((object?["list"] as? [[String: Any]])?.first?["goods_name"] as? String == "青菜 & 猪肉+50%")
    }

    /// A platform with other names gets them, in its order, and only the fields it lists.
    @Test func mappingIsConfigurable() {
        let mapping = CityFormFieldMapping(columns: [
            .init(.traceCode, "tranId"), .init(.weightKilograms, "weight"), .init(.amountYuan, "money"),
        ])
        let custom = CityFormEncoder(node: SampleTrades.node, method: "sMarketSale", mapping: mapping)
        let batch = UplinkBatch(trades: [SampleTrades.trade(3, grams: 5)])
        #expect(
            custom.dataJSON(batch).text
                == #"{"method":"sMarketSale","list":[{"tranId":"33010200100010000003","weight":0.005,"money":0.15}],"size":1}"#
        )
        #expect(mapping.problems.isEmpty)
        #expect(CityFormFieldMapping.retailDefault.problems.isEmpty)
        let bad = CityFormFieldMapping(columns: [.init(.traceCode, "id"), .init(.station, "id"), .init(.buyer, "")])
        #expect(bad.problems == ["platform name 'id' is used twice", "field buyer has an empty platform name"])
    }
}
