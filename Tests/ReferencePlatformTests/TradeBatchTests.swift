import Foundation
import Hummingbird
import HummingbirdTesting
import ReferencePlatform
import Testing
import Uplink

/// `POST /v1/trades:batch`: dedupe, per-item answers, validation, gzip, limits.
@Suite struct TradeBatchTests {
    @Test func answersDecodeAndResendsNeverStoreTwice() async throws {
        try await PlatformHarness.with { harness async throws in
            let batch = UplinkBatch(trades: Fixtures.trades(1...5))
            let first = try await harness.sendBatch(batch)
            #expect(first.allAccepted)
            // Same batch id again: replayed from the idempotency store.
            let again = try await harness.sendBatch(batch)
            #expect(again.allAccepted)
            // Another batch overlapping by trace code: duplicates count as accepted, stored once.
            let overlapping = UplinkBatch(trades: Fixtures.trades(4...8))
            #expect(try await harness.sendBatch(overlapping).allAccepted)
            let stats = try await harness.stats()
            #expect(stats.tradesStored == 8)
            #expect(stats.counters.accepted == 8)
            #expect(stats.counters.duplicates == 2)
            #expect(stats.counters.replays == 1)
            #expect(stats.perStation == ["stall-1": 8])
        }
    }

    @Test func storedTradeKeepsEveryField() async throws {
        try await PlatformHarness.with { harness async throws in
            let trade = Fixtures.trade(7, parents: ["33010200100010009999"])
            #expect(try await harness.sendBatch(UplinkBatch(trades: [trade])).allAccepted)
            let stored = try #require(try await harness.platform.trade(code: trade.traceCode))
            #expect(stored.trade.grams == 1234)
            #expect(stored.trade.amountFen == 3702)
            #expect(stored.trade.parents == ["33010200100010009999"])
            #expect(stored.trade.stationKind == "retail_sale")
            #expect(stored.trade.nodeName == Fixtures.node.name)
            #expect(stored.trade.utcOffset == "+08:00")
            #expect(stored.trade.hash == trade.hash)
            #expect(stored.format == "tracegate-v1")
        }
    }

    /// Escaped strings leave the fast path (TradeBatchScanner) for JSONDecoder; the trade is stored exactly.
    @Test func escapedTextIsStoredExactly() async throws {
        try await PlatformHarness.with { harness async throws in
            var trade = Fixtures.trade(9)
            trade.draft.productName = "五花肉 \"特价\"\n\\ \u{1}"
            #expect(try await harness.sendBatch(UplinkBatch(trades: [trade])).allAccepted)
            let stored = try #require(try await harness.platform.trade(code: trade.traceCode))
            #expect(stored.trade.productName == trade.draft.productName)
            #expect(stored.trade.grams == trade.draft.grams)
        }
    }

    @Test func malformedBatchesAreClearProblems() async throws {
        try await PlatformHarness.with { harness async throws in
            let json: HTTPFields = [.contentType: "application/json"]
            let garbage = try await harness.send(.post, "/v1/trades:batch", headers: json, body: Array("{".utf8))
            #expect(garbage.status == .badRequest)
            #expect(garbage.headers[.contentType] == "application/problem+json")
            #expect(garbage.text.contains("not a tracegate-v1 TradeBatch"))

            let batch = UplinkBatch(trades: Fixtures.trades(1...2))
            var body = TraceGateV1Encoder(node: Fixtures.node).encode(batch)
            // Missing Idempotency-Key.
            let noKey = try await harness.send(.post, "/v1/trades:batch", headers: json, body: body.bytes)
            #expect(noKey.status == .badRequest)
            #expect(noKey.text.contains("Idempotency-Key"))
            // A required field missing names its path.
            body.bytes = Array(body.text.replacingOccurrences(of: "\"grams\":1234,", with: "").utf8)
            let missing = try await harness.upload(body, to: "/v1/trades:batch")
            #expect(missing.status == .badRequest)
            #expect(missing.text.contains("items[0].grams: required field missing"))
            // A batch id that is not the hash of its codes.
            let other = UplinkBatch(trades: Fixtures.trades(3...4))
            var wrongID = TraceGateV1Encoder(node: Fixtures.node).encode(batch)
            wrongID.bytes = Array(wrongID.text.replacingOccurrences(of: batch.id, with: other.id).utf8)
            let mismatch = try await harness.upload(wrongID, to: "/v1/trades:batch")
            #expect(mismatch.status == .badRequest)
            #expect(mismatch.text.contains("is not the SHA-256"))
            #expect(try await harness.stats().tradesStored == 0)
        }
    }

    @Test func gzipBodiesAreInflated() async throws {
        try await PlatformHarness.with { harness async throws in
            let batch = UplinkBatch(trades: Fixtures.trades(1...50))
            var body = TraceGateV1Encoder(node: Fixtures.node).encode(batch)
            body.bytes = Gzip.compress(body.bytes)
            let response = try await harness.upload(body, to: "/v1/trades:batch", extra: [.contentEncoding: "gzip"])
            let reply = try TraceGateV1ReplyDecoder.decode(
                status: Int(response.status.code), headers: response.uplinkHeaders, body: response.bytes, for: batch)
            #expect(reply.allAccepted)
            #expect(try await harness.stats().tradesStored == 50)

            body.bytes = Array(body.bytes.prefix(20))
            let truncated = try await harness.upload(body, to: "/v1/trades:batch", extra: [.contentEncoding: "gzip"])
            #expect(truncated.status == .badRequest)
            #expect(truncated.text.contains("not valid gzip"))
        }
    }

    @Test func oversizedBatchIsTooLarge() async throws {
        try await PlatformHarness.with({ $0.maxBatchTrades = 3 }) { harness async throws in
            let batch = UplinkBatch(trades: Fixtures.trades(1...4))
            #expect(
                try await harness.sendBatch(batch)
                    == .tooLarge(reason: "platform refused a batch of 4 trades as too large"))
            #expect(try await harness.sendBatch(UplinkBatch(trades: Fixtures.trades(1...3))).allAccepted)
        }
    }

    @Test func rejectListAndMalformedCodesAreRejectedButHeldCodesStayDuplicates() async throws {
        try await PlatformHarness.with { harness async throws in
            #expect(try await harness.sendBatch(UplinkBatch(trades: [Fixtures.trade(1)])).allAccepted)
            try await harness.setFaults(
                #"{"reject_codes":["\#(Fixtures.code(1))","\#(Fixtures.code(2))"],"reject_malformed":true}"#)
            let batch = UplinkBatch(trades: [
                Fixtures.trade(1), Fixtures.trade(2), Fixtures.trade(3, code: "ABC-1"), Fixtures.trade(4),
                Fixtures.trade(5, grams: 0),
            ])
            guard case .perItem(let items) = try await harness.sendBatch(batch) else {
                Issue.record("expected per-item results")
                return
            }
            #expect(items[0].outcome == .accepted)  // already held: duplicate, never rejected
            #expect(
                items[1].outcome == .rejected(reason: "trace code \(Fixtures.code(2)) is on the platform's reject list")
            )
            guard case .rejected(let malformed) = items[2].outcome else { throw Unexpected(items[2]) }
            #expect(malformed.contains("not 20 digits"))
            #expect(items[3].outcome == .accepted)
            guard case .rejected(let zero) = items[4].outcome else { throw Unexpected(items[4]) }
            #expect(zero.contains("grams must be ≥ 1"))
            #expect(try await harness.stats().tradesStored == 2)
        }
    }
}

/// A value a test did not expect.
struct Unexpected: Error {
    /// The value.
    let value: Any & Sendable
    init(_ value: Any & Sendable) { self.value = value }
}
