import Foundation

/// Reads a `tracegate-v1` platform's answer (`docs/uplink-openapi.yaml`, `BatchResult`).
///
/// - 200 with `application/json` `{"batch_id":…,"results":[{"trace_code","status","reason"}]}`: per-item
///   results. `accepted` and `duplicate` are acceptances; `rejected` needs a reason; `retry` keeps the trade.
///   A trade of the batch that the results do not mention is kept for retry, never assumed accepted.
/// - 429, 503 and other 5xx: retry the whole batch later (Retry-After seconds when given).
/// - 413: split the batch.
/// - Anything else — a 200 without results, malformed JSON, another content type, a result for a trace code
///   not in the batch, an answer for another batch id, 400/401/403/404 — is an `UplinkReplyError`.
public enum TraceGateV1ReplyDecoder: BatchReplyReader {
    /// "a batch of N trades".
    public static func refusedAsTooLarge(_ batch: UplinkBatch) -> String { "a batch of \(batch.trades.count) trades" }

    /// Reads a 200 with per-item results and refuses anything else.
    public static func read(_ answer: PlatformAnswer) throws(UplinkReplyError) -> BatchReply {
        let (status, headers, body, batch, failure) = (
            answer.status, answer.headers, answer.body, answer.batch, answer.failure
        )
        switch status {
        case 401, 403:
            throw failure("platform refused our credentials; check the uplink token or client certificate")
        case 200:
            break
        default:
            throw failure(
                "unexpected status; the platform does not speak tracegate-v1 at this URL? \(UplinkReplyError.snippet(body))"
            )
        }
        guard let mediaType = HeaderLookup.mediaType(in: headers), mediaType == "application/json" else {
            throw failure(
                "expected Content-Type application/json, got \(HeaderLookup.value("Content-Type", in: headers) ?? "none")"
                    + " (a proxy or login page?): \(UplinkReplyError.snippet(body))")
        }
        // The usual answer, read straight against the batch.
        if let items = BatchResultScanner.scanInBatchOrder(body, batch: batch) { return .perItem(items) }
        let reply: Reply
        if let scanned = BatchResultScanner.scan(body) {
            reply = Reply(
                batch_id: scanned.batchID,
                results: scanned.results.map { Result(trace_code: $0.traceCode, status: $0.status, reason: $0.reason) })
        } else {
            do {
                reply = try JSONDecoder().decode(Reply.self, from: Data(body))
            } catch {
                throw failure("answer is not a tracegate-v1 BatchResult (\(error)): \(UplinkReplyError.snippet(body))")
            }
        }
        if let replyBatch = reply.batch_id, replyBatch != batch.id {
            throw failure("answer is for batch \(replyBatch), not this one")
        }
        guard let results = reply.results else {
            throw failure("200 without per-item results: \(UplinkReplyError.snippet(body))")
        }

        func outcome(of result: Result) throws(UplinkReplyError) -> ItemOutcome {
            guard let outcome = ItemOutcome(tracegateV1Status: result.status, reason: result.reason) else {
                throw failure("unknown status '\(result.status)' for trace code \(result.trace_code)")
            }
            return outcome
        }
        // The usual answer: one result per trade, in batch order. No lookups needed.
        if results.count == batch.trades.count,
            zip(results, batch.trades).allSatisfy({ $0.trace_code == $1.traceCode })
        {
            var items: [ItemResult] = []
            items.reserveCapacity(results.count)
            for result in results {
                items.append(ItemResult(traceCode: result.trace_code, outcome: try outcome(of: result)))
            }
            return .perItem(items)
        }

        var byCode: [String: ItemOutcome] = [:]
        let inBatch = Set(batch.traceCodes)
        for result in results {
            guard inBatch.contains(result.trace_code) else {
                throw failure("result for trace code \(result.trace_code), which is not in this batch")
            }
            let outcome = try outcome(of: result)
            if let earlier = byCode[result.trace_code], earlier != outcome {
                throw failure("two different results for trace code \(result.trace_code)")
            }
            byCode[result.trace_code] = outcome
        }
        return .perItem(
            batch.traceCodes.map { code in
                ItemResult(traceCode: code, outcome: byCode[code] ?? .retry(reason: "platform gave no result for it"))
            })
    }

    /// `BatchResult` as the OpenAPI spec defines it.
    private struct Reply: Decodable {
        var batch_id: String?
        var results: [Result]?
    }

    /// One `ItemResult`.
    private struct Result: Decodable {
        var trace_code: String
        var status: String
        var reason: String?
    }
}
