import Foundation
import NIOConcurrencyHelpers
import Testing
import Uplink
import UplinkHTTP

/// EPCIS 2.0 capture over a real loopback server: OPTIONS limits, 202 → job polling, job errors, 413.
@Suite struct EPCISCaptureTests {
    /// A platform that announces limits, accepts captures with 202 and reports `job` after `runningPolls` polls.
    static func platform(
        job: String, runningPolls: Int = 2, captureStatus: Int = 202, limits: (Int, Int)? = (2, 500_000)
    ) -> (TestPlatform, @Sendable (SeenRequest) async -> ScriptedAnswer) {
        let polls = NIOLockedValueBox(0)
        let answer: @Sendable (SeenRequest) async -> ScriptedAnswer = { request in
            switch (request.method, request.path) {
            case ("OPTIONS", "/api/capture"):
                guard let limits else { return ScriptedAnswer(204) }
                return ScriptedAnswer(
                    204,
                    [
                        ("GS1-EPCIS-Capture-Limit", "\(limits.0)"),
                        ("GS1-EPCIS-Capture-File-Size-Limit", "\(limits.1)"),
                    ])
            case ("POST", "/api/capture"):
                if captureStatus != 202 { return ScriptedAnswer(captureStatus) }
                return ScriptedAnswer(202, [("Location", "/api/capture/job-1")])
            case ("GET", "/api/capture/job-1"):
                let count = polls.withLockedValue {
                    $0 += 1
                    return $0
                }
                if count <= runningPolls { return .json(#"{"captureID":"job-1","running":true,"success":false}"#) }
                return .json(job)
            default:
                return ScriptedAnswer(404)
            }
        }
        return (TestPlatform(), answer)
    }

    /// OPTIONS limits lower the batch limits; a capture that the job reports successful accepts every trade,
    /// after polling through `running:true`.
    @Test func captureJobSuccess() async throws {
        let batch = Fixtures.batch(2)
        let (platform, answer) = Self.platform(
            job: #"{"captureID":"job-1","running":false,"success":true,"captureErrorBehaviour":"rollback","errors":[]}"#
        )
        try await platform.run(answer: answer) { port in
            try await Fixtures.withTransport(Fixtures.settings(port: port, format: .epcis20)) { transport in
                let limits = await transport.batchLimits()
                #expect(limits == UplinkBatchLimits(maxTrades: 2, maxBytes: 500_000))
                let reply = try await transport.send(batch)
                #expect(reply.allAccepted)
                #expect(reply == .perItem(batch.traceCodes.map { ItemResult(traceCode: $0, outcome: .accepted) }))
            }
        }
        let requests = platform.requests
        #expect(requests.map(\.method) == ["OPTIONS", "POST", "GET", "GET", "GET"])
        let post = requests[1]
        #expect(post.headers["gs1-capture-error-behaviour"] == "rollback")
        #expect(post.headers["content-type"] == "application/ld+json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(post.body)) as? [String: Any])
        #expect(document["type"] as? String == "EPCISDocument")
    }

    /// A validation error naming one event's eventID rejects that trade only; the rest are retried.
    @Test func validationErrorNamingAnEvent() async throws {
        let batch = Fixtures.batch(2)
        let encoder = EPCISDocumentEncoder(node: Fixtures.node)
        guard case .object(let members) = encoder.event(batch.trades[1]),
            case .string(let eventID)? = members.first(where: { $0.0 == "eventID" })?.1
        else {
            Issue.record("no eventID")
            return
        }
        let job =
            #"{"running":false,"success":false,"errors":[{"type":"epcisException:ValidationException","#
            + #""title":"Invalid event","status":400,"detail":"event \#(eventID): quantity must be positive"}]}"#
        let (platform, answer) = Self.platform(job: job, runningPolls: 0)
        let reply = try await platform.run(answer: answer) { port in
            try await Fixtures.send(batch, settings: Fixtures.settings(port: port, format: .epcis20)).get()
        }
        guard case .perItem(let items) = reply else {
            Issue.record("\(reply)")
            return
        }
        guard case .retry = items[0].outcome else {
            Issue.record("\(items[0])")
            return
        }
        guard case .rejected(let reason) = items[1].outcome else {
            Issue.record("\(items[1])")
            return
        }
        #expect(reason.contains("quantity must be positive"))
    }

    /// A validation error naming no event rejects the whole capture (it is all-or-nothing) with the platform's
    /// text; an implementation error is retried later.
    @Test func jobErrorsMapping() async throws {
        let batch = Fixtures.batch(2)
        let validation =
            #"{"running":false,"success":false,"errors":[{"type":"epcisException:ValidationException","#
            + #""title":"Schema violation","detail":"bizStep unknown"}]}"#
        let (platform, answer) = Self.platform(job: validation, runningPolls: 1)
        let rejected = try await platform.run(answer: answer) { port in
            try await Fixtures.send(batch, settings: Fixtures.settings(port: port, format: .epcis20)).get()
        }
        guard case .perItem(let items) = rejected else {
            Issue.record("\(rejected)")
            return
        }
        for item in items {
            guard case .rejected(let reason) = item.outcome else {
                Issue.record("\(item)")
                continue
            }
            #expect(reason.contains("bizStep unknown"))
        }

        let implementation =
            #"{"running":false,"success":false,"errors":[{"type":"epcisException:ImplementationException","#
            + #""title":"database down","status":500}]}"#
        let (platform2, answer2) = Self.platform(job: implementation, runningPolls: 0)
        let retried = try await platform2.run(answer: answer2) { port in
            try await Fixtures.send(batch, settings: Fixtures.settings(port: port, format: .epcis20)).get()
        }
        guard case .retryLater(_, let reason) = retried else {
            Issue.record("\(retried)")
            return
        }
        #expect(reason.contains("database down"))
    }

    /// 413 on capture is `.tooLarge`, and the next limits come from a fresh OPTIONS.
    @Test func tooLargeRereadsOptions() async throws {
        let (platform, answer) = Self.platform(job: "{}", captureStatus: 413, limits: (50, 500_000))
        try await platform.run(answer: answer) { port in
            try await Fixtures.withTransport(Fixtures.settings(port: port, format: .epcis20)) { transport in
                #expect(await transport.batchLimits().maxTrades == 50)
                let reply = try await transport.send(Fixtures.batch(8))
                guard case .tooLarge = reply else {
                    Issue.record("\(reply)")
                    return
                }
                #expect(await transport.batchLimits().maxTrades == 4)
            }
        }
        #expect(platform.requests.map(\.method) == ["OPTIONS", "POST", "OPTIONS"])
    }

    /// A job that never finishes within the bound is a timeout (the batch stays pending), not an acceptance.
    @Test func jobThatNeverFinishes() async throws {
        let (platform, answer) = Self.platform(job: "{}", runningPolls: Int.max)
        let result = try await platform.run(answer: answer) { port in
            var settings = Fixtures.settings(port: port, format: .epcis20)
            settings.epcisJobMaxWaitSeconds = 0.2
            return try await Fixtures.send(Fixtures.batch(1), settings: settings)
        }
        #expect(result.failureKind == .timeout, "\(result)")
    }

    /// 429 with Retry-After on capture.
    @Test func rateLimited() async throws {
        let result = try await TestPlatform().run(answer: { _ in ScriptedAnswer(429, [("Retry-After", "30")]) }) {
            port in
            var settings = Fixtures.settings(port: port, format: .epcis20)
            settings.maxBatchTrades = 10
            return try await Fixtures.send(Fixtures.batch(1), settings: settings)
        }
        guard case .success(.retryLater(let seconds, _)) = result else {
            Issue.record("\(result)")
            return
        }
        #expect(seconds == 30)
    }
}
