/// How a simulated RFID reader of some protocol puts tags on the wire: by itself, or only when polled.
public enum TagWireEncoder: Sendable {
    /// The reader sends each read unasked (LF and HF modules); `encode` returns the bytes of one read,
    /// empty for a payload of another kind.
    case continuous(payload: TagPayload.Kind, encode: @Sendable (TagPayload) -> [UInt8])
    /// The reader answers its inventory command with the tags in its field (UHF readers).
    case polled(payload: TagPayload.Kind, responder: any PolledTagResponder)

    /// The kind of tag the reader reads.
    public var payloadKind: TagPayload.Kind {
        switch self {
        case .continuous(let kind, _), .polled(let kind, _): kind
        }
    }
}

/// Plays a polled RFID reader: answers the bytes the gateway wrote with what the reader would send back.
public protocol PolledTagResponder: Sendable {
    /// The reply to `request` while `tags` are in the field. Mutating: readers count inventory rounds.
    mutating func reply(to request: [UInt8], tagsInField tags: [TagPayload]) -> TagReaderReply
}

/// A polled reader's answer: the bytes, and which tags it reported (empty for an error reply).
public struct TagReaderReply: Sendable, Hashable {
    /// The bytes sent back.
    public var bytes: [UInt8]
    /// The tags the reply reports, in order.
    public var reported: [TagPayload]

    /// Creates a reply.
    public init(bytes: [UInt8], reported: [TagPayload]) {
        self.bytes = bytes
        self.reported = reported
    }
}
