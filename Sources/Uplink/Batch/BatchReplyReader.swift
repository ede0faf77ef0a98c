/// A platform's answer to one batch, as a format's reader sees it.
public struct PlatformAnswer: Sendable {
    /// HTTP status.
    public var status: Int
    /// Response headers.
    public var headers: [UplinkHeader]
    /// Response body.
    public var body: [UInt8]
    /// The batch it answers.
    public var batch: UplinkBatch

    /// An error about this answer: `message` with the status and the batch id.
    public func failure(_ message: String) -> UplinkReplyError {
        UplinkReplyError(message, status: status, batchID: batch.id)
    }
}

/// How a format reads a platform's answer to a batch. `decode` reads the statuses that mean the same in every
/// format (413: split; 429, 503, other 5xx: send again later) and hands every other answer to the format's `read`.
public protocol BatchReplyReader {
    /// What a 413 refused, for its reason: "a batch of 4 trades", "4 rows".
    static func refusedAsTooLarge(_ batch: UplinkBatch) -> String
    /// Reads an answer whose status is none of those.
    static func read(_ answer: PlatformAnswer) throws(UplinkReplyError) -> BatchReply
}

extension BatchReplyReader {
    /// Decodes the answer to `batch`.
    public static func decode(
        status: Int, headers: [UplinkHeader], body: [UInt8], for batch: UplinkBatch
    ) throws(UplinkReplyError) -> BatchReply {
        if let reply = BatchReply.forTransientStatus(
            status, headers: headers, tooLarge: "platform refused \(refusedAsTooLarge(batch)) as too large")
        {
            return reply
        }
        return try read(PlatformAnswer(status: status, headers: headers, body: body, batch: batch))
    }
}
