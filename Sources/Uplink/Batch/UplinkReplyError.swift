/// A platform answer that cannot be trusted or understood. The outbox keeps the batch, backs off and shows the
/// message; it never counts such an answer as an acceptance.
public struct UplinkReplyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong and what to check, for the operator.
    public var message: String
    /// HTTP status of the answer.
    public var status: Int
    /// The batch the answer was for.
    public var batchID: String

    /// Creates an error.
    public init(_ message: String, status: Int, batchID: String) {
        self.message = message
        self.status = status
        self.batchID = batchID
    }

    /// `batch 1f2e…: HTTP 200: …`.
    public var description: String { "batch \(batchID.prefix(12)): HTTP \(status): \(message)" }

    /// The start of a body, for messages: up to 200 bytes, quoted.
    static func snippet(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return text.isEmpty ? "(empty body)" : "'\(text)\(body.count > 200 ? "…" : "")'"
    }
}
