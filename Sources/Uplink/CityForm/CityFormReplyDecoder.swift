import Foundation

/// Reads a city platform's answer to a `city-form-json` upload (domain.md §1.5: `{"success":true}`).
///
/// - 200 and a JSON object whose `success` is `true` (or the string `"true"`): every trade accepted.
/// - 200 and `success` false: the whole batch is kept for retry with the platform's `message`/`msg`/`errMsg`.
///   These platforms give no per-item detail, so rejecting would drop the good rows with the bad; the message
///   goes to the operator instead and nothing is lost.
/// - 429, 503, other 5xx: retry later. 413: split.
/// - Anything else, a body that is not JSON, or JSON without `success`: an `UplinkReplyError`.
///
/// Quirk: these servers often label JSON as `text/html` or `text/plain`, so the content type is not checked; the
/// body must still parse.
public enum CityFormReplyDecoder: BatchReplyReader {
    /// "N rows".
    public static func refusedAsTooLarge(_ batch: UplinkBatch) -> String { "\(batch.trades.count) rows" }

    /// Reads a 200 and refuses anything else.
    public static func read(_ answer: PlatformAnswer) throws(UplinkReplyError) -> BatchReply {
        let (status, body, batch, failure) = (answer.status, answer.body, answer.batch, answer.failure)
        guard status == 200 else {
            throw failure(
                "unexpected status; check the platform URL and credentials: \(UplinkReplyError.snippet(body))")
        }
        let reply: Reply
        do {
            reply = try JSONDecoder().decode(Reply.self, from: Data(body))
        } catch {
            throw failure("answer is not a JSON object: \(UplinkReplyError.snippet(body))")
        }
        guard let success = reply.success else {
            throw failure("answer has no boolean 'success': \(UplinkReplyError.snippet(body))")
        }
        if success {
            return .perItem(batch.traceCodes.map { ItemResult(traceCode: $0, outcome: .accepted) })
        }
        return .retryLater(afterSeconds: nil, reason: "platform reported failure: \(reply.message ?? "no message")")
    }

    /// The answer's fields. `success` must be a JSON boolean or the string "true"/"false": `1` or `"ok"` are not
    /// taken as success.
    private struct Reply: Decodable {
        var success: Bool?
        var message: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: NamedCodingKey.self)
            let key = NamedCodingKey("success")
            if let flag = try? container.decode(Bool.self, forKey: key) {
                success = flag
            } else if let text = try? container.decode(String.self, forKey: key), text == "true" || text == "false" {
                success = text == "true"
            }
            message =
                ["message", "msg", "errMsg", "error"].lazy.compactMap {
                    try? container.decode(String.self, forKey: NamedCodingKey($0))
                }.first
        }
    }
}
