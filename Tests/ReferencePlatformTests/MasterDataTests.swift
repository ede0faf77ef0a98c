import Foundation
import Hummingbird
import HummingbirdTesting
import ReferencePlatform
import Testing

/// Master data with strong ETags: 200, 304 on If-None-Match, and a new version after an admin change.
@Suite struct MasterDataTests {
    @Test func etagsAnd304() async throws {
        try await PlatformHarness.with { harness async throws in
            let first = try await harness.send(.get, "/v1/master/catalogue?node=330102001")
            #expect(first.status == .ok)
            let etag = try #require(first.headers[.eTag])
            #expect(etag.count == 34 && etag.hasPrefix("\"") && etag.hasSuffix("\""))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(first.bytes)) as? [String: Any])
            #expect(json["version"] as? String == String(etag.dropFirst().dropLast()))
            let items = try #require(json["items"] as? [[String: Any]])
            #expect(items.first?["unit_price_fen_per_kg"] as? Int == 3000)

            let again = try await harness.send(.get, "/v1/master/catalogue", headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.headers[.eTag] == etag)
            #expect(again.bytes.isEmpty)
            #expect(
                try await harness.send(.get, "/v1/master/catalogue", headers: [.ifNoneMatch: "\"other\""]).status == .ok
            )
            #expect(try await harness.send(.get, "/v1/master/nothing").status == .notFound)
        }
    }

    @Test func adminPublishesAStopOrder() async throws {
        try await PlatformHarness.with { harness async throws in
            let before = try await harness.send(.get, "/v1/master/stop-orders")
            #expect(before.text.contains(#""orders":[]"#))
            let etag = try #require(before.headers[.eTag])
            let order =
                #"{"orders":[{"code":"33010200100010009999","reason":"瘦肉精 positive 2026-11-20","issued_at":"2026-11-20T08:00:00.000Z"}]}"#
            let put = try await harness.send(
                .put, "/admin/master/stop-orders", headers: [.contentType: "application/json"], body: Array(order.utf8))
            #expect(put.status == .ok)
            let after = try await harness.send(.get, "/v1/master/stop-orders", headers: [.ifNoneMatch: etag])
            #expect(after.status == .ok)
            #expect(after.headers[.eTag] != etag)
            #expect(after.text.contains(#""code":"33010200100010009999","reason":"瘦肉精 positive 2026-11-20""#))
            #expect(harness.platform.masterData.stopOrders.count == 1)

            let bad = try await harness.send(
                .put, "/admin/master/operators", headers: [.contentType: "application/json"], body: Array("[1]".utf8))
            #expect(bad.status == .badRequest)
        }
    }

    /// Stop orders are read with the gateway's own type: `issued_at` is published in UTC with milliseconds, and an
    /// order a gateway could not use is refused when it is set.
    @Test func stopOrderTimesAreTheGatewaysOwn() async throws {
        try await PlatformHarness.with { harness async throws in
            let order = #"[{"code":"33010200100010009999","reason":"r","issued_at":"2026-11-20T08:00:00+08:00"}]"#
            let put = try await harness.send(
                .put, "/admin/master/stop-orders", headers: [.contentType: "application/json"], body: Array(order.utf8))
            #expect(put.status == .ok)
            #expect(put.text.contains(#""issued_at":"2026-11-20T00:00:00.000Z""#))

            let bad = #"{"orders":[{"code":"c","reason":"r","issued_at":"yesterday"}]}"#
            let refused = try await harness.send(
                .put, "/admin/master/stop-orders", headers: [.contentType: "application/json"], body: Array(bad.utf8))
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("is not an RFC 3339 time"))
            #expect(harness.platform.masterData.stopOrders.count == 1)
        }
    }

    @Test func operatorsFromASeedFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("master-\(UUID().uuidString).yaml")
            .path
        try """
        operators:
          - card_uid: "04a1b2c3d4"
            operator_code: "3301020010009"
            name: "李四"
        """.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let master = try MasterData.load(path: path)
        try await PlatformHarness.with({ $0.masterData = master }) { harness async throws in
            let response = try await harness.send(.get, "/v1/master/operators")
            #expect(
                response.text.hasSuffix(
                    #""operators":[{"card_uid":"04A1B2C3D4","operator_code":"3301020010009","name":"李四"}]}"#))
        }
    }
}
