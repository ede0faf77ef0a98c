import Foundation
import Hummingbird
import HummingbirdTesting
import ReferencePlatform
import Testing
import Uplink

/// The lookup pages and the admin listing.
@Suite struct LookupAndAdminTests {
    @Test func tracePageShowsTheChainAndEscapesHTML() async throws {
        try await PlatformHarness.with { harness async throws in
            let farm = Fixtures.trade(1, parents: ["LOT-NOT-HERE"])
            let wholesale = Fixtures.trade(2, parents: [farm.traceCode])
            let retail = Fixtures.trade(3, parents: [wholesale.traceCode], productName: "<script>alert(1)</script>")
            #expect(try await harness.sendBatch(UplinkBatch(trades: [farm, wholesale, retail])).allAccepted)
            let page = try await harness.send(.get, "/trace/\(retail.traceCode)")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let html = page.text
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!html.contains("<script>"))
            #expect(html.contains("来源链 Chain of parents"))
            for trade in [retail, wholesale, farm] { #expect(html.contains("href=\"/trace/\(trade.traceCode)\"")) }
            #expect(html.contains("LOT-NOT-HERE</a></span> <em>本平台无记录 not held by this platform</em>"))
            #expect(html.contains("1.234 kg"))

            let missing = try await harness.send(.get, "/trace/%3Cb%3E")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("&lt;b&gt;"))
            let home = try await harness.send(.get, "/")
            #expect(home.text.contains("<form method=\"get\" action=\"/trace\">"))
            let redirect = try await harness.send(.get, "/trace?code=\(retail.traceCode)")
            #expect(redirect.status == .seeOther)
            #expect(redirect.headers[.location] == "/trace/\(retail.traceCode)")
        }
    }

    @Test func adminTradesListsEachStationInArrivalOrder() async throws {
        try await PlatformHarness.with { harness async throws in
            #expect(try await harness.sendBatch(UplinkBatch(trades: Fixtures.trades(1...3, station: "a"))).allAccepted)
            #expect(try await harness.sendBatch(UplinkBatch(trades: Fixtures.trades(4...5, station: "b"))).allAccepted)
            #expect(try await harness.sendBatch(UplinkBatch(trades: Fixtures.trades(6...7, station: "a"))).allAccepted)
            let response = try await harness.send(.get, "/admin/trades?station=a&after=0&limit=3")
            let page = try JSONSerialization.jsonObject(with: Data(response.bytes)) as? [String: Any]
            let trades = try #require(page?["trades"] as? [[String: Any]])
            let codes = trades.compactMap { ($0["trade"] as? [String: Any])?["trace_code"] as? String }
            #expect(codes == [1, 2, 3].map(Fixtures.code))
            let next = try #require(page?["next_after"] as? Int)
            let rest = try await harness.platform.trades(station: "a", after: Int64(next))
            #expect(rest.map(\.trade.traceCode) == [6, 7].map(Fixtures.code))
            #expect(try await harness.send(.get, "/admin/trades?limit=0").status == .badRequest)
        }
    }
}
