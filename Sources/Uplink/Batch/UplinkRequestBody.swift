/// One encoded request body and what the HTTP layer must send with it. Encoders make these; they never send.
public struct UplinkRequestBody: Sendable, Hashable {
    /// The body bytes.
    public var bytes: [UInt8]
    /// The `Content-Type` header value.
    public var contentType: String
    /// Further headers in order (name, value): e.g. `Idempotency-Key`, `GS1-EPCIS-Version`.
    public var headers: [UplinkHeader]
    /// The batch this body carries.
    public var batchID: String

    /// Creates a body.
    public init(bytes: [UInt8], contentType: String, headers: [UplinkHeader], batchID: String) {
        self.bytes = bytes
        self.contentType = contentType
        self.headers = headers
        self.batchID = batchID
    }

    /// The body as UTF-8 text (all three formats are text).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// One HTTP header to send with a body.
public struct UplinkHeader: Sendable, Hashable {
    /// Header name.
    public var name: String
    /// Header value.
    public var value: String

    /// Creates a header.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
