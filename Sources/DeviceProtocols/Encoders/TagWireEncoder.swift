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

/// Continuous readers built from the frame encoder of their payload kind.
extension TagWireEncoder {
    /// An FDX-B reader that sends each read as `encode` frames the code.
    public static func continuous(fdxb encode: @escaping @Sendable (ISO11784Code) -> [UInt8]) -> TagWireEncoder {
        .continuous(payload: .fdxb) { if case .fdxb(let code) = $0 { encode(code) } else { [] } }
    }

    /// An EM4100 reader that sends each read as `encode` frames the card number.
    public static func continuous(em4100 encode: @escaping @Sendable (EM4100Number) -> [UInt8]) -> TagWireEncoder {
        .continuous(payload: .em4100) { if case .em4100(let number) = $0 { encode(number) } else { [] } }
    }

    /// A 13.56 MHz reader that sends each read as `encode` frames the UID.
    public static func continuous(uid encode: @escaping @Sendable ([UInt8]) -> [UInt8]) -> TagWireEncoder {
        .continuous(payload: .uid) { if case .uid(let uid) = $0 { encode(uid) } else { [] } }
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
