import Foundation
import Testing
import Uplink
import UplinkHTTP

/// Master data downlink: 200 with an ETag, then 304 for `If-None-Match`.
@Suite struct MasterDataClientTests {
    /// The catalogue body and its ETag.
    static let catalogue =
        #"{"version":"c3a1","items":[{"code":"P0001","name":"猪肉(后腿)","unit_price_fen_per_kg":2800,"plu":"0001","#
        + #""gtins":["06901234567892"]},{"code":"P0002","name":"白菜","unit_price_fen_per_kg":300}]}"#

    /// First fetch gets the document and ETag; the second sends If-None-Match and gets 304.
    @Test func etagRoundTrip() async throws {
        let platform = TestPlatform()
        try await platform.run(answer: { request in
            guard request.path.hasPrefix("/api/v1/master/catalogue") else { return ScriptedAnswer(404) }
            if request.headers["if-none-match"] == #""c3a1""# { return ScriptedAnswer(304, [("ETag", #""c3a1""#)]) }
            return ScriptedAnswer(
                200, [("Content-Type", "application/json; charset=utf-8"), ("ETag", #""c3a1""#)], body: Self.catalogue)
        }) { port in
            let client = try MasterDataClient(settings: Fixtures.settings(port: port), nodeCode: "330102001")
            let first = try await client.fetchCatalogue(ifNoneMatch: nil)
            guard case .updated(let document, let etag) = first else {
                Issue.record("\(first)")
                try await client.shutdown()
                return
            }
            #expect(etag == #""c3a1""#)
            #expect(document.version == "c3a1")
            #expect(document.items.count == 2)
            #expect(
                document.items[0]
                    == MasterCatalogue.Item(
                        code: "P0001", name: "猪肉(后腿)", unitPriceFenPerKg: 2800, plu: "0001", gtins: ["06901234567892"]))
            #expect(document.items[1].plu == nil && document.items[1].gtins.isEmpty)
            let second = try await client.fetchCatalogue(ifNoneMatch: etag)
            #expect(second == .notModified(etag: #""c3a1""#))
            try await client.shutdown()
        }
        #expect(platform.requests.map(\.path) == Array(repeating: "/api/v1/master/catalogue?node=330102001", count: 2))
        #expect(platform.requests.map { $0.headers["if-none-match"] } == [nil, #""c3a1""#])
    }

    /// A document that does not parse, or comes as HTML, is a bad reply (the caller keeps its copy).
    @Test func badDocuments() async throws {
        for (contentType, body) in [
            ("application/json", #"{"version":"x","operators":[{"card_uid":"ZZ","operator_code":"1","name":"a"}]}"#),
            ("text/html", "<html>login</html>"),
        ] {
            let result: Result<MasterDataFetch<OperatorRegistry>, UplinkSendError> = try await TestPlatform().run(
                answer: { _ in ScriptedAnswer(200, [("Content-Type", contentType), ("ETag", #""e""#)], body: body) }
            ) { port in
                let client = try MasterDataClient(settings: Fixtures.settings(port: port), nodeCode: "330102001")
                let result: Result<MasterDataFetch<OperatorRegistry>, UplinkSendError>
                do throws(UplinkSendError) {
                    result = .success(try await client.fetchOperators(ifNoneMatch: nil))
                } catch {
                    result = .failure(error)
                }
                try await client.shutdown()
                return result
            }
            guard case .failure(let error) = result else {
                Issue.record("\(result)")
                continue
            }
            #expect(error.kind == .badReply)
        }
    }
}
