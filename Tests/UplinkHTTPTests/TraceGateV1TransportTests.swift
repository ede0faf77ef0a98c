import Foundation
import Testing
import Uplink
import UplinkHTTP

/// tracegate-v1 over a real loopback HTTP server: results, gzip, Retry-After, 413, 5xx, bad replies.
@Suite struct TraceGateV1TransportTests {
    /// A `BatchResult` body naming `codes` with `status`.
    static func results(_ pairs: [(String, String)], batchID: String? = nil) -> String {
        let items = pairs.map { #"{"trace_code":"\#($0.0)","status":"\#($0.1)","reason":"r-\#($0.1)"}"# }
        let id = batchID.map { #""batch_id":"\#($0)","# } ?? ""
        return "{" + id + #""results":["# + items.joined(separator: ",") + "]}"
    }

    /// Per-item results come back in batch order; the body arrives gzip-compressed and decompresses to exactly the
    /// encoder's bytes; the idempotency key is the batch id.
    @Test func perItemResultsRoundTripWithGzip() async throws {
        let batch = Fixtures.batch(3)
        let codes = batch.traceCodes
        let platform = TestPlatform()
        let reply = try await platform.run(answer: { _ in
            .json(
                Self.results(
                    [(codes[2], "duplicate"), (codes[0], "accepted"), (codes[1], "rejected")], batchID: batch.id))
        }) { port in
            try await Fixtures.send(batch, settings: Fixtures.settings(port: port)).get()
        }
        #expect(
            reply
                == .perItem([
                    ItemResult(traceCode: codes[0], outcome: .accepted),
                    ItemResult(traceCode: codes[1], outcome: .rejected(reason: "r-rejected")),
                    ItemResult(traceCode: codes[2], outcome: .accepted),
                ]))
        let request = try #require(platform.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/api/v1/trades:batch")
        #expect(request.headers["idempotency-key"] == batch.id)
        #expect(request.headers["content-encoding"] == "gzip")
        #expect(request.body.starts(with: [0x1F, 0x8B]))
        let plain = try #require(Gunzip.decompress(request.body))
        #expect(plain == TraceGateV1Encoder(node: Fixtures.node).encode(batch).bytes)
    }

    /// With gzip off the body is the plain JSON and no Content-Encoding is sent.
    @Test func gzipOff() async throws {
        let batch = Fixtures.batch(1)
        let platform = TestPlatform()
        _ = try await platform.run(answer: { _ in .json(Self.results([(batch.traceCodes[0], "accepted")])) }) { port in
            var settings = Fixtures.settings(port: port)
            settings.gzip = false
            return try await Fixtures.send(batch, settings: settings).get()
        }
        let request = try #require(platform.requests.first)
        #expect(request.headers["content-encoding"] == nil)
        #expect(request.body == TraceGateV1Encoder(node: Fixtures.node).encode(batch).bytes)
    }

    /// Sends `batch` to a platform that answers `answer`, with the clock at `now`.
    static func send(
        _ answer: ScriptedAnswer, batch: UplinkBatch = Fixtures.batch(2), now: Date = Date()
    ) async throws -> Result<BatchReply, UplinkSendError> {
        try await TestPlatform().run(answer: { _ in answer }) { port in
            try await Fixtures.send(batch, settings: Fixtures.settings(port: port), now: { now })
        }
    }

    /// Retry-After in seconds.
    @Test func retryAfterSeconds() async throws {
        let result = try await Self.send(ScriptedAnswer(429, [("Retry-After", "7")]))
        guard case .success(.retryLater(let seconds, _)) = result else {
            Issue.record("\(result)")
            return
        }
        #expect(seconds == 7)
    }

    /// Retry-After as an HTTP-date, converted against the injected clock.
    @Test func retryAfterDate() async throws {
        let now = Date(timeIntervalSince1970: 1_795_342_530)  // 2026-11-22T10:15:30Z
        let result = try await Self.send(
            ScriptedAnswer(503, [("Retry-After", "Sun, 22 Nov 2026 10:17:30 GMT")]), now: now)
        guard case .success(.retryLater(let seconds, _)) = result else {
            Issue.record("\(result)")
            return
        }
        #expect(seconds == 120)
    }

    /// 413 means split, and the transport's limit drops to half the refused batch.
    @Test func tooLargeShrinksLimits() async throws {
        let platform = TestPlatform()
        try await platform.run(answer: { _ in ScriptedAnswer(413) }) { port in
            try await Fixtures.withTransport(Fixtures.settings(port: port)) { transport in
                let reply = try await transport.send(Fixtures.batch(10))
                guard case .tooLarge = reply else {
                    Issue.record("\(reply)")
                    return
                }
                #expect(await transport.batchLimits().maxTrades == 5)
            }
        }
    }

    /// 5xx is retry later without a delay.
    @Test func serverErrorIsRetryLater() async throws {
        let result = try await Self.send(ScriptedAnswer(502, body: "<html>bad gateway</html>"))
        guard case .success(.retryLater(nil, _)) = result else {
            Issue.record("\(result)")
            return
        }
    }

    /// 401 is unauthorized; 400 carries the problem text.
    @Test func clientErrors() async throws {
        let unauthorized = try await Self.send(ScriptedAnswer(401))
        guard case .failure(let error) = unauthorized else {
            Issue.record("\(unauthorized)")
            return
        }
        #expect(error.kind == .unauthorized)
        let problem = try await Self.send(
            ScriptedAnswer(
                400, [("Content-Type", "application/problem+json")],
                body: #"{"title":"Bad batch","detail":"node 330102001 unknown"}"#))
        guard case .failure(let bad) = problem else {
            Issue.record("\(problem)")
            return
        }
        #expect(bad.kind == .httpStatus)
        #expect(bad.status == 400)
        #expect(bad.message.contains("node 330102001 unknown"))
    }

    /// Answers that cannot be trusted are `.badReply`, never an acceptance.
    @Test(arguments: ["malformed", "html", "noResults", "otherTrades", "otherBatch", "huge"])
    func badReplies(_ kind: String) async throws {
        let batch = Fixtures.batch(2)
        let answer: ScriptedAnswer
        switch kind {
        case "malformed": answer = .json(#"{"results":[{"trace_code":"#)
        case "html": answer = ScriptedAnswer(200, [("Content-Type", "text/html")], body: Self.results([]))
        case "noResults": answer = .json(#"{"batch_id":"\#(batch.id)"}"#)
        case "otherTrades": answer = .json(Self.results([("33010200100019999999", "accepted")]))
        case "otherBatch":
            answer = .json(
                Self.results([(batch.traceCodes[0], "accepted")], batchID: String(repeating: "f", count: 64)))
        default:
            let many = Array(repeating: (batch.traceCodes[0], "accepted"), count: 5000)
            answer = .json(Self.results(many))
        }
        let result = try await Self.send(answer, batch: batch)
        guard case .failure(let error) = result else {
            Issue.record("\(kind): \(result)")
            return
        }
        #expect(error.kind == .badReply, "\(kind): \(error)")
    }

    /// Below HTTP: refused, reset, silent.
    @Test func connectionFailures() async throws {
        let batch = Fixtures.batch(1)
        let closed = try await RawSocketServer.closedPort()
        var refusedSettings = Fixtures.settings(port: closed)
        // A refused connection is retried by the pool until the deadline; keep that short.
        refusedSettings.timeoutSeconds = 0.5
        let refused = try await Fixtures.send(batch, settings: refusedSettings)
        #expect(refused.failureKind == .unreachable, "\(refused)")

        let reset = try await RawSocketServer.run(.reset) { port in
            try await Fixtures.send(batch, settings: Fixtures.settings(port: port))
        }
        #expect(reset.failureKind == .unreachable, "\(reset)")

        let silent = try await RawSocketServer.run(.silent) { port in
            var settings = Fixtures.settings(port: port)
            settings.timeoutSeconds = 0.3
            return try await Fixtures.send(batch, settings: settings)
        }
        #expect(silent.failureKind == .timeout, "\(silent)")
    }
}

extension Result where Failure == UplinkSendError {
    /// The error's kind, nil for a success.
    var failureKind: UplinkSendError.Kind? {
        if case .failure(let error) = self { return error.kind }
        return nil
    }
}
