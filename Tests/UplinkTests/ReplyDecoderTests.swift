import Testing
import TraceModel

@testable import Uplink

/// Platform answers: only a clear per-item acceptance is ever an acceptance.
@Suite struct ReplyDecoderTests {
    let batch = UplinkBatch(trades: [SampleTrades.trade(1), SampleTrades.trade(2), SampleTrades.trade(3)])
    let json = [UplinkHeader("content-type", "application/json; charset=utf-8")]

    func v1(_ status: Int, _ body: String, headers: [UplinkHeader]? = nil) throws(UplinkReplyError) -> BatchReply {
        try TraceGateV1ReplyDecoder.decode(status: status, headers: headers ?? json, body: Array(body.utf8), for: batch)
    }

    /// Accepted, duplicate, rejected, retry and a missing trade, in batch order.
    @Test func perItemResults() throws {
        let codes = batch.traceCodes
        let reply = try v1(
            200,
            #"{"batch_id":"\#(batch.id)","results":[{"trace_code":"\#(codes[1])","status":"rejected","#
                + #""reason":"unknown product 10010001"},{"trace_code":"\#(codes[0])","status":"duplicate"}]}"#)
        #expect(
            reply
                == .perItem([
                    ItemResult(traceCode: codes[0], outcome: .accepted),
                    ItemResult(traceCode: codes[1], outcome: .rejected(reason: "unknown product 10010001")),
                    ItemResult(traceCode: codes[2], outcome: .retry(reason: "platform gave no result for it")),
                ]))
        #expect(!reply.allAccepted)
        let all = try v1(
            200,
            #"{"results":["# + codes.map { #"{"trace_code":"\#($0)","status":"accepted"}"# }.joined(separator: ",")
                + "]}")
        #expect(all.allAccepted)
    }

    /// The fast reader and `JSONDecoder` agree: the plain answer, the same with white space and keys reordered,
    /// and answers the fast reader hands over (escapes, unknown keys, null reason) decode to the same results.
    @Test func fastReaderAgreesWithJSONDecoder() throws {
        let codes = batch.traceCodes
        let plain =
            #"{"batch_id":"\#(batch.id)","results":[{"trace_code":"\#(codes[0])","status":"accepted"},"#
            + #"{"trace_code":"\#(codes[1])","status":"rejected","reason":"未备案"},"#
            + #"{"trace_code":"\#(codes[2])","status":"retry","reason":"busy"}]}"#
        #expect(BatchResultScanner.scan(Array(plain.utf8)) != nil)
        let expected = BatchReply.perItem([
            ItemResult(traceCode: codes[0], outcome: .accepted),
            ItemResult(traceCode: codes[1], outcome: .rejected(reason: "未备案")),
            ItemResult(traceCode: codes[2], outcome: .retry(reason: "busy")),
        ])
        #expect(try v1(200, plain) == expected)
        #expect(
            BatchResultScanner.scanInBatchOrder(Array(plain.utf8), batch: batch).map(BatchReply.perItem) == expected)
        // Out of batch order, another batch's id, a result too many or too few: not read in order.
        let swapped = plain.replacingOccurrences(of: codes[0], with: "X").replacingOccurrences(
            of: codes[1], with: codes[0]
        )
        .replacingOccurrences(of: "X", with: codes[1])
        let otherBatch = plain.replacingOccurrences(of: batch.id, with: String(repeating: "0", count: 64))
        let missing = plain.replacingOccurrences(
            of: #",{"trace_code":"\#(codes[2])","status":"retry","reason":"busy"}"#, with: "")
        for body in [swapped, otherBatch, missing] {
            #expect(BatchResultScanner.scanInBatchOrder(Array(body.utf8), batch: batch) == nil)
        }
        #expect(throws: UplinkReplyError.self) { try v1(200, otherBatch) }
        #expect(try v1(200, missing) != expected)
        let spaced =
            #" { "results" : [ {"status":"accepted", "trace_code":"\#(codes[0])"} ,"#
            + #"{"reason":"未备案","trace_code":"\#(codes[1])","status":"rejected"},"#
            + #"{"trace_code":"\#(codes[2])","reason":"busy","status":"retry"} ] ,"batch_id":"\#(batch.id)" } "#
        #expect(BatchResultScanner.scan(Array(spaced.utf8)) != nil)
        #expect(try v1(200, spaced) == expected)
        let escaped = plain.replacingOccurrences(of: "未备案", with: #"\u672a\u5907\u6848"#)
        let unknownKey = plain.replacingOccurrences(of: #"{"batch_id""#, with: #"{"server":"x","batch_id""#)
        let nullReason = plain.replacingOccurrences(
            of: #","status":"accepted""#, with: #","status":"accepted","reason":null"#)
        for body in [escaped, unknownKey, nullReason] {
            #expect(BatchResultScanner.scan(Array(body.utf8)) == nil)
            #expect(try v1(200, body) == expected)
        }
        // Duplicate keys and trailing text are not the plain shape either: JSONDecoder judges them.
        let trailing = plain + "x"
        #expect(BatchResultScanner.scan(Array(trailing.utf8)) == nil)
        #expect(throws: UplinkReplyError.self) { try v1(200, trailing) }
    }

    /// Throttling, unavailability and size limits.
    @Test func statusesThatAreNotErrors() throws {
        #expect(
            try v1(429, "", headers: [UplinkHeader("Retry-After", "30")])
                == .retryLater(afterSeconds: 30, reason: "platform rate limit (429)"))
        #expect(
            try v1(503, "", headers: [UplinkHeader("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT")])
                == .retryLater(afterSeconds: nil, reason: "platform unavailable (503)"))
        if case .retryLater = try v1(502, "<html>bad gateway</html>") {} else { Issue.record("502 must be retried") }
        if case .tooLarge = try v1(413, "") {} else { Issue.record("413 must ask to split") }
    }

    /// Everything doubtful is an error that names the batch, never an acceptance.
    @Test(arguments: [
        (200, "{}", "200 without per-item results"),
        (200, #"{"batch_id":"x","results":[]}"#, "not this one"),
        (200, "not json", "not a tracegate-v1 BatchResult"),
        (200, #"{"results":[{"trace_code":"99999999999999999999","status":"accepted"}]}"#, "not in this batch"),
        (200, #"{"results":[{"trace_code":"33010200100010000001","status":"ok"}]}"#, "unknown status 'ok'"),
        (401, "", "credentials"),
        (400, #"{"error":"bad"}"#, "unexpected status"),
    ])
    func badAnswersAreErrors(status: Int, body: String, expected: String) {
        #expect {
            _ = try v1(status, body)
        } throws: { error in
            guard let error = error as? UplinkReplyError else { return false }
            return error.message.contains(expected) && error.batchID == batch.id && error.status == status
        }
    }

    /// A login page or proxy answering 200 with HTML is not an acceptance.
    @Test func wrongContentTypeIsAnError() {
        #expect(throws: UplinkReplyError.self) {
            try v1(200, #"{"results":[]}"#, headers: [UplinkHeader("Content-Type", "text/html")])
        }
        #expect(throws: UplinkReplyError.self) { try v1(200, #"{"results":[]}"#, headers: []) }
    }

    func city(_ status: Int, _ body: String) throws(UplinkReplyError) -> BatchReply {
        try CityFormReplyDecoder.decode(status: status, headers: [], body: Array(body.utf8), for: batch)
    }

    /// `{"success":true}` accepts everything; false keeps everything with the platform's message.
    @Test func cityFormAnswers() throws {
        #expect(try city(200, #"{"success":true}"#).allAccepted)
        #expect(try city(200, #"{"success":"true","msg":"ok"}"#).allAccepted)
        #expect(
            try city(200, #"{"success":false,"msg":"数据格式错误"}"#)
                == .retryLater(afterSeconds: nil, reason: "platform reported failure: 数据格式错误"))
        if case .retryLater = try city(500, "") {} else { Issue.record("500 must be retried") }
        for bad in [#"{"success":1}"#, #"{"result":"ok"}"#, "<html>login</html>", "[]", ""] {
            #expect(throws: UplinkReplyError.self, "\(bad)") { try city(200, bad) }
        }
        #expect(throws: UplinkReplyError.self) { try city(404, "") }
    }
}
