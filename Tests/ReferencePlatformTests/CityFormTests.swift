import Foundation
import Hummingbird
import HummingbirdTesting
import ReferencePlatform
import Testing
import TraceModel
import Uplink

/// city-form-json: `POST /{method}` with `dataStr=`, answered as CityFormReplyDecoder reads it.
@Suite struct CityFormTests {
    let encoder = CityFormEncoder(node: Fixtures.node, method: "sRetailSale")

    func send(_ trades: [Trade], _ harness: PlatformHarness) async throws -> BatchReply {
        let batch = UplinkBatch(trades: trades)
        let response = try await harness.upload(encoder.encode(batch), to: "/sRetailSale")
        return try CityFormReplyDecoder.decode(
            status: Int(response.status.code), headers: response.uplinkHeaders, body: response.bytes, for: batch)
    }

    @Test func uploadIsStoredOnceWithExactUnits() async throws {
        try await PlatformHarness.with { harness async throws in
            let trades = [Fixtures.trade(1, parents: ["A1", "B2"]), Fixtures.trade(2, grams: 5)]
            #expect(try await send(trades, harness).allAccepted)
            #expect(try await send(trades, harness).allAccepted)
            let stats = try await harness.stats()
            #expect(stats.tradesStored == 2)
            #expect(stats.counters.duplicates == 2)
            let stored = try #require(try await harness.platform.trade(code: Fixtures.code(1)))
            #expect(stored.trade.grams == 1234)
            #expect(stored.trade.unitPriceFen == 3000)
            #expect(stored.trade.amountFen == 3702)
            #expect(stored.trade.parents == ["A1", "B2"])
            #expect(stored.trade.committedAt == "2026-11-18 19:06:41")
            #expect(stored.batch == "sRetailSale")
            #expect(try await harness.platform.trade(code: Fixtures.code(2))?.trade.grams == 5)
        }
    }

    @Test func aRejectedRowFailsTheWholeUploadAndStoresNothing() async throws {
        try await PlatformHarness.with({ $0.faults.rejectTraceCodes = [Fixtures.code(2)] }) { harness async throws in
            let reply = try await send(Fixtures.trades(1...3), harness)
            guard case .retryLater(_, let reason) = reply else { throw Unexpected(reply) }
            #expect(reason.contains(Fixtures.code(2)))
            #expect(try await harness.stats().tradesStored == 0)
        }
    }

    @Test func aFormWithoutDataStrIsAFailureAnswer() async throws {
        try await PlatformHarness.with { harness async throws in
            let response = try await harness.send(
                .post, "/sRetailSale", headers: [.contentType: "application/x-www-form-urlencoded"],
                body: Array("other=1".utf8))
            #expect(response.status == .ok)
            #expect(response.text == #"{"success":false,"message":"no dataStr field in the form body"}"#)
        }
    }
}
