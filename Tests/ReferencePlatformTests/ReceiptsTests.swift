import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TraceModel
import Uplink

@testable import ReferencePlatform

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The receipts log: every upload request and item as it arrived, faulted or not, with the platform's answer.
@Suite struct ReceiptsTests {
    /// The whole log through `GET /admin/receipts`, paged two requests at a time.
    func adminLog(_ harness: PlatformHarness) async throws -> [ReceiptRequest] {
        struct Page: Decodable {
            var requests: [ReceiptRequest]
            var next_after: Int64
        }
        var all: [ReceiptRequest] = []
        var after: Int64 = 0
        while true {
            let response = try await harness.send(.get, "/admin/receipts?after=\(after)&limit=2")
            #expect(response.status == .ok)
            let page = try JSONDecoder().decode(Page.self, from: Data(response.bytes))
            if page.requests.isEmpty { return all }
            all += page.requests
            after = page.next_after
        }
    }

    func answers(_ request: ReceiptRequest) -> [String] { request.items.map(\.answer.rawValue) }

    @Test func tracegateV1RequestsAreLoggedWithEveryAnswerInArrivalOrder() async throws {
        try await PlatformHarness.with { harness async throws in
            let first = UplinkBatch(trades: Fixtures.trades(1...3))
            #expect(try await harness.sendBatch(first).allAccepted)
            #expect(try await harness.sendBatch(first).allAccepted)  // replayed from the idempotency store
            #expect(try await harness.sendBatch(UplinkBatch(trades: Fixtures.trades(2...4))).allAccepted)
            try await harness.setFaults(#"{"error_rate":1}"#)
            _ = try await harness.sendBatch(UplinkBatch(trades: Fixtures.trades(5...6)))
            try await harness.setFaults(#"{"drop_after_store_rate":1}"#)
            await #expect(throws: (any Error).self) {
                _ = try await harness.sendBatch(UplinkBatch(trades: Fixtures.trades(7...7)))
            }
            try await harness.setFaults(#"{"reset_rate":1}"#)
            await #expect(throws: (any Error).self) {
                _ = try await harness.sendBatch(UplinkBatch(trades: Fixtures.trades(8...8)))
            }
            try await harness.setFaults("{}")
            let malformed = try await harness.send(
                .post, "/v1/trades:batch", headers: [.contentType: "application/json"], body: Array("{}".utf8))
            #expect(malformed.status == .badRequest)

            let log = try await harness.platform.receiptLog()
            #expect(try await adminLog(harness) == log, "the admin endpoint pages the same log")
            try #require(log.count == 7)
            #expect(log.map(\.outcome) == [.answered, .replayed, .answered, .serverError, .answered, .reset, .refused])
            #expect(log.map(\.request) == log.map(\.request).sorted() && Set(log.map(\.request)).count == 7)
            #expect(log.map(\.format).allSatisfy { $0 == "tracegate-v1" })
            #expect(log[0].batch == first.id && log[1].batch == first.id)
            #expect(log[0].items.map(\.traceCode) == (1...3).map(Fixtures.code))
            #expect(log[0].items.allSatisfy { $0.station == "stall-1" })
            #expect(answers(log[0]) == ["accepted", "accepted", "accepted"])
            #expect(log[0].answerDelivered && !log[0].senderGone)
            #expect(answers(log[1]) == ["accepted", "accepted", "accepted"], "the replayed answers")
            #expect(answers(log[2]) == ["duplicate", "duplicate", "accepted"])
            #expect(answers(log[3]) == ["none", "none"], "a 500 before handling still shows what was sent")
            #expect(log[3].items.map(\.traceCode) == [Fixtures.code(5), Fixtures.code(6)])
            #expect(answers(log[4]) == ["accepted"] && log[4].answerDropped && !log[4].answerDelivered)
            #expect(answers(log[5]) == ["none"] && log[5].answered == nil)
            #expect(log[6].items.isEmpty && log[6].batch.isEmpty)
            // An answer is decided after its request arrived and before the next one did (sent one by one).
            for (request, next) in zip(log, log.dropFirst()) {
                if let answered = request.answered { #expect(request.request < answered && answered < next.request) }
            }

            let counts = try await harness.platform.receiptCounts()
            #expect(counts.map(\.traceCode) == (1...8).map(Fixtures.code), "first-arrival order")
            #expect(counts.map(\.receipts) == [2, 3, 3, 1, 1, 1, 1, 1])
            #expect(counts[3].firstRequest == log[2].request && counts[3].firstPosition == 2)
            let resent = try await harness.send(.get, "/admin/receipts/codes?min=3")
            #expect(resent.status == .ok)
            struct Codes: Decodable { var codes: [ReceiptCount] }
            let codes = try JSONDecoder().decode(Codes.self, from: Data(resent.bytes)).codes
            #expect(codes.map(\.traceCode) == [Fixtures.code(2), Fixtures.code(3)])
            #expect(try await harness.send(.get, "/admin/receipts?limit=0").status == .badRequest)
        }
    }

    @Test func retriedItemsAndTheStationOrderTheyHoldBackAreLogged() async throws {
        try await PlatformHarness.with({ $0.faults.partialRate = 1 }) { harness async throws in
            let trades = [Fixtures.trade(1), Fixtures.trade(2, station: "stall-2")]
            _ = try await harness.sendBatch(UplinkBatch(trades: trades))
            let log = try await harness.platform.receiptLog()
            #expect(log.count == 1 && answers(log[0]) == ["retry", "retry"])
            #expect(log[0].items.map(\.station) == ["stall-1", "stall-2"])
        }
    }

    @Test func cityFormRollbackKeepsItsReceipts() async throws {
        try await PlatformHarness.with({ $0.faults.rejectTraceCodes = [Fixtures.code(2)] }) { harness async throws in
            let batch = UplinkBatch(trades: Fixtures.trades(1...3))
            let body = CityFormEncoder(node: Fixtures.node, method: "sRetailSale").encode(batch)
            _ = try await harness.upload(body, to: "/sRetailSale")
            #expect(try await harness.stats().tradesStored == 0)
            let log = try await harness.platform.receiptLog()
            try #require(log.count == 1)
            #expect(log[0].format == "city-form-json" && log[0].batch == "sRetailSale")
            #expect(log[0].outcome == .rolledBack && !log[0].answerDelivered)
            #expect(answers(log[0]) == ["not_stored", "rejected", "not_stored"])
        }
    }

    @Test func anEPCISCaptureIsAnsweredWhenItsFinishedJobIsRead() async throws {
        try await PlatformHarness.with({ $0.captureDelayMilliseconds = 1_000 }) { harness async throws in
            let body = EPCISDocumentEncoder(node: Fixtures.node).encode(
                UplinkBatch(trades: Fixtures.trades(1...2)), creationDate: Date(timeIntervalSince1970: 1_795_000_000))
            let posted = try await harness.upload(body, to: "/capture")
            let location = try #require(posted.headers[.location])
            var log = try await harness.platform.receiptLog()
            try #require(log.count == 1)
            #expect(log[0].format == "epcis-2.0" && location.hasSuffix(log[0].batch))
            #expect(answers(log[0]) == ["accepted", "accepted"])
            #expect(log[0].answered == nil, "the 202 is no answer to the items")
            if try await harness.send(.get, location).text.contains(#""running":true"#) {
                #expect(try await harness.platform.receiptLog()[0].answered == nil, "a running job answers nothing")
            }
            try await Task.sleep(for: .milliseconds(1_050))
            #expect(try await harness.send(.get, location).text.contains(#""running":false"#))
            log = try await harness.platform.receiptLog()
            let answered = try #require(log[0].answered)
            #expect(answered > log[0].request && log[0].answerDelivered)
        }
    }

    @Test func requestsRefusedBeforeHandlingStillShowTheirItems() async throws {
        try await PlatformHarness.with({ $0.bearerToken = "secret" }) { harness async throws in
            let body = TraceGateV1Encoder(node: Fixtures.node).encode(UplinkBatch(trades: Fixtures.trades(1...2)))
            let response = try await harness.upload(body, to: "/v1/trades:batch")
            #expect(response.status == .unauthorized)
            let log = try await harness.platform.receiptLog()
            #expect(log.map(\.outcome) == [.unauthorized])
            #expect(log.first?.items.map(\.traceCode) == [Fixtures.code(1), Fixtures.code(2)])
        }
        try await PlatformHarness.with { harness async throws in
            try await harness.setFaults(#"{"down_for_s":60}"#)
            await #expect(throws: (any Error).self) {
                _ = try await harness.sendBatch(UplinkBatch(trades: Fixtures.trades(1...1)))
            }
            let log = try await harness.platform.receiptLog()
            #expect(log.map(\.outcome) == [.down] && log.first?.items.count == 1 && log.first?.answered == nil)
        }
    }

    /// A sender that gives up while the platform is still working (a timeout, a crash): the answer is decided but
    /// marked as never delivered.
    @Test func aSenderThatTimedOutIsMarkedGone() async throws {
        try await PlatformHarness.with({ $0.faults.latencyMilliseconds = 1_000 }) { harness async throws in
            let body = TraceGateV1Encoder(node: Fixtures.node).encode(UplinkBatch(trades: Fixtures.trades(1...2)))
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(harness.port)/v1/trades:batch")!)
            request.httpMethod = "POST"
            request.timeoutInterval = 0.2
            request.setValue(body.contentType, forHTTPHeaderField: "Content-Type")
            for header in body.headers { request.setValue(header.value, forHTTPHeaderField: header.name) }
            await #expect(throws: (any Error).self) {
                _ = try await URLSession.shared.upload(for: request, from: Data(body.bytes))
            }
            let log = try await waitForLog(harness, count: 1)
            #expect(log[0].outcome == .answered && log[0].senderGone && !log[0].answerDelivered)
            #expect(answers(log[0]) == ["accepted", "accepted"])
        }
    }

    @Test func ticksGoOnAfterARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("receipts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("p.sqlite").path
        let first = try PlatformStore(path: path)
        let ticket = ReceiptTicket(request: first.tick(), dropsAnswer: false)
        try await first.logReceipt(
            ticket, format: "tracegate-v1", batch: "b", outcome: .answered, answeredNow: true,
            items: [("c", "s", .accepted)])
        let answered = try #require(try await first.receipts(after: 0, limit: 10).first?.answered)
        let second = try PlatformStore(path: path)
        #expect(second.tick() > answered)
    }

    /// Polls the log until it holds `count` requests.
    func waitForLog(_ harness: PlatformHarness, count: Int) async throws -> [ReceiptRequest] {
        for _ in 0..<1_000 {
            try await Task.sleep(for: .milliseconds(10))
            // In-flight first: a request is logged before its handling ends (sender_gone is set last).
            guard try await harness.stats().uploadsInFlight == 0 else { continue }
            let log = try await harness.platform.receiptLog()
            if log.count >= count { return log }
        }
        throw Unexpected("the receipts log never held \(count) request(s)")
    }
}
