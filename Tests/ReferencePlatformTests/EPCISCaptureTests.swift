import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TraceModel
import Uplink

@testable import ReferencePlatform

/// EPCIS 2.0 capture: discovery, 202 → job → success, limits, dedupe by eventID, rollback.
@Suite struct EPCISCaptureTests {
    let encoder = EPCISDocumentEncoder(node: Fixtures.node)

    func document(_ trades: [Trade]) -> UplinkRequestBody {
        encoder.encode(UplinkBatch(trades: trades), creationDate: Date(timeIntervalSince1970: 1_795_000_000))
    }

    /// Posts, follows `Location` and polls until the job finishes; returns the job JSON.
    func capture(_ body: UplinkRequestBody, _ harness: PlatformHarness, extra: HTTPFields = [:]) async throws
        -> [String: Any]
    {
        let posted = try await harness.upload(body, to: "/capture", extra: extra)
        #expect(posted.status == .accepted)
        let location = try #require(posted.headers[.location])
        #expect(location.hasPrefix("/capture/"))
        while true {
            let job = try await harness.send(.get, location)
            #expect(job.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(job.bytes)) as? [String: Any])
            if json["running"] as? Bool == false { return json }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func optionsAnnouncesLimits() async throws {
        try await PlatformHarness.with({
            $0.captureEventLimit = 250
            $0.captureByteLimit = 100_000
        }) { harness async throws in
            let response = try await harness.send(.options, "/capture")
            #expect(response.status == .noContent)
            #expect(response.headers[HeaderName("GS1-EPCIS-Capture-Limit")!] == "250")
            #expect(response.headers[HeaderName("GS1-EPCIS-Capture-File-Size-Limit")!] == "100000")
        }
    }

    @Test func captureJobSucceedsAndStoresTheTrades() async throws {
        try await PlatformHarness.with({ $0.captureDelayMilliseconds = 100 }) { harness async throws in
            let trades = [Fixtures.trade(1, parents: ["33010200100010009999"]), Fixtures.trade(2, station: "stall-2")]
            let job = try await capture(document(trades), harness)
            #expect(job["success"] as? Bool == true)
            #expect((job["errors"] as? [Any])?.isEmpty == true)
            #expect(job["captureErrorBehaviour"] as? String == "rollback")
            #expect(job["finishedAt"] is String)
            let stored = try #require(try await harness.platform.trade(code: Fixtures.code(1)))
            #expect(stored.trade.grams == 1234)
            #expect(stored.trade.amountFen == 3702)
            #expect(stored.trade.unitPriceFen == 3000)
            #expect(stored.trade.productName == "猪后腿肉")
            #expect(stored.trade.station == "stall-1")
            #expect(stored.trade.nodeCode == Fixtures.node.code)
            #expect(stored.trade.stationKind == "retail_sale")
            #expect(stored.trade.parents == ["33010200100010009999"])
            #expect(stored.format == "epcis-2.0")
            #expect(try await harness.stats().perStation == ["stall-1": 1, "stall-2": 1])
        }
    }

    @Test func resendingTheSameEventsIsIdempotent() async throws {
        try await PlatformHarness.with { harness async throws in
            let body = document(Fixtures.trades(1...3))
            _ = try await capture(body, harness)
            let again = try await capture(body, harness)
            #expect(again["success"] as? Bool == true)
            let stats = try await harness.stats()
            #expect(stats.tradesStored == 3)
            #expect(stats.epcisEvents == 3)
            #expect(stats.counters.duplicates == 3)
        }
    }

    @Test func overTheLimitsIs413() async throws {
        try await PlatformHarness.with({ $0.captureEventLimit = 2 }) { harness async throws in
            let response = try await harness.upload(document(Fixtures.trades(1...3)), to: "/capture")
            #expect(response.status == .contentTooLarge)
            #expect(response.text.contains("CaptureLimitExceededException"))
            #expect(response.headers[HeaderName("GS1-EPCIS-Capture-Limit")!] == "2")
        }
        try await PlatformHarness.with({ $0.captureByteLimit = 200 }) { harness async throws in
            let response = try await harness.upload(document(Fixtures.trades(1...1)), to: "/capture")
            #expect(response.status == .contentTooLarge)
            #expect(try await harness.stats().tradesStored == 0)
        }
    }

    @Test func aRejectedEventRollsTheJobBack() async throws {
        try await PlatformHarness.with({ $0.faults.rejectTraceCodes = [Fixtures.code(2)] }) { harness async throws in
            let trades = Fixtures.trades(1...3)
            let job = try await capture(document(trades), harness)
            #expect(job["success"] as? Bool == false)
            let errors = try #require(job["errors"] as? [[String: Any]])
            #expect(errors.count == 1)
            #expect(errors[0]["type"] as? String == "epcisException:ValidationException")
            guard case .object(let members) = encoder.event(trades[1]),
                case .string(let eventID)? = members.first(
                    where: { $0.0 == "eventID" })?.1
            else { throw Unexpected("no eventID") }
            #expect(errors[0]["instance"] as? String == eventID)
            #expect(try await harness.stats().tradesStored == 0)
            // With `proceed` the other events are captured.
            let proceed = try await capture(
                document(trades), harness, extra: [HeaderName("GS1-Capture-Error-Behaviour")!: "proceed"])
            #expect(proceed["success"] as? Bool == false)
            #expect(try await harness.stats().tradesStored == 2)
        }
    }

    @Test func notAnEPCISDocumentIs400() async throws {
        try await PlatformHarness.with { harness async throws in
            let response = try await harness.send(
                .post, "/capture", headers: [.contentType: "application/ld+json"], body: Array(#"{"type":"x"}"#.utf8))
            #expect(response.status == .badRequest)
            #expect(response.text.contains("epcisException:ValidationException"))
            #expect(try await harness.send(.get, "/capture/nope").status == .notFound)
        }
    }

    @Test func jobReportsRunningUntilItsFinishTime() {
        let job = CaptureJob(
            id: "cap1", createdAt: "2026-11-22T10:00:00.000Z", finishesAtMilliseconds: 1_000_000, behaviour: "rollback",
            success: false, errors: [EPCISCaptureDecoder.problem("bad", eventID: "ni:///x")])
        let running = job.document(now: Date(timeIntervalSince1970: 999)).text
        #expect(running.contains(#""running":true,"success":true"#))
        #expect(!running.contains("finishedAt"))
        let done = job.document(now: Date(timeIntervalSince1970: 1000)).text
        #expect(done.contains(#""finishedAt":"1970-01-01T00:16:40.000Z","running":false,"success":false"#))
        #expect(done.contains(#""instance":"ni:///x""#))
    }
}
