/// One platform reached in one wire format: the seam between the outbox (which decides what to send and records
/// what happened) and the HTTP layer (which encodes, sends and reads the answer).
///
/// Tests drive the outbox with an in-memory transport; production uses the HTTP transport against the
/// configured platform; the reference platform (`tracegate-tools platform`) stands in for a city platform.
public protocol UplinkTransport: Sendable {
    /// The platform's name from the configuration, for logs, status and the outbox tables.
    var platformName: String { get }

    /// The largest batch to send now, in trades and in encoded bytes. May shrink after the platform answers
    /// 413 or announces its limits (EPCIS `OPTIONS /capture`); the outbox never sends more.
    func batchLimits() async -> UplinkBatchLimits

    /// Sends one batch (already cut to the limits) and returns what the platform said about it.
    ///
    /// Returns `.perItem` only for a well-formed answer naming the batch's trades; `.retryLater` for 429/503/5xx
    /// (with Retry-After when given); `.tooLarge` for 413. Throws `UplinkSendError` for everything that is not a
    /// usable answer (no connection, timeout, TLS failure, 4xx, malformed or oversized body): the trades stay
    /// pending. Never counts an unclear answer as an acceptance.
    func send(_ batch: UplinkBatch) async throws(UplinkSendError) -> BatchReply

    /// Releases connections when the gateway stops; sends after it fail. Called once.
    func close() async

    /// Does a batch's CPU work ahead of `send(_:)` (encoding, compression; no I/O), so the outbox can prepare the
    /// next batch while the current one is in flight. Must not depend on anything the platform says later.
    func prepare(_ batch: UplinkBatch) -> PreparedUplinkBatch

    /// Sends a batch made by `prepare(_:)`; the same contract as `send(_:)`.
    func send(_ prepared: PreparedUplinkBatch) async throws(UplinkSendError) -> BatchReply
}

extension UplinkTransport {
    /// Transports without connections (in-memory, tests) have nothing to release.
    public func close() async {}

    /// Transports that encode while sending prepare nothing ahead.
    public func prepare(_ batch: UplinkBatch) -> PreparedUplinkBatch { PreparedUplinkBatch(batch: batch) }

    /// Sends the batch itself.
    public func send(_ prepared: PreparedUplinkBatch) async throws(UplinkSendError) -> BatchReply {
        try await send(prepared.batch)
    }
}

/// A batch with whatever its transport computed ahead of sending.
public struct PreparedUplinkBatch: Sendable {
    /// The batch.
    public var batch: UplinkBatch
    /// The encoded (and possibly compressed) request, when the transport encodes ahead.
    public var request: EncodedUplinkRequest?

    /// Creates a prepared batch.
    public init(batch: UplinkBatch, request: EncodedUplinkRequest? = nil) {
        self.batch = batch
        self.request = request
    }
}

/// A request ready to send: the URL path, headers and body bytes as they go on the wire.
public struct EncodedUplinkRequest: Sendable {
    /// Path below the platform's base URL, with a leading "/".
    public var path: String
    /// Headers in order.
    public var headers: [UplinkHeader]
    /// Body bytes as sent (compressed when a Content-Encoding header says so).
    public var body: [UInt8]

    /// Creates a request.
    public init(path: String, headers: [UplinkHeader], body: [UInt8]) {
        self.path = path
        self.headers = headers
        self.body = body
    }
}

/// How much one batch may carry.
public struct UplinkBatchLimits: Sendable, Hashable {
    /// Most trades in one batch (≥ 1).
    public var maxTrades: Int
    /// Most encoded body bytes (before compression) in one batch; a single trade is sent even if larger.
    public var maxBytes: Int
    /// The fixed text of one trade in the wire format (keys, punctuation, hashes, times, numbers at their widest),
    /// on top of which the outbox counts the trade's variable text when it cuts a batch to `maxBytes`. The default
    /// is the largest format's (an EPCIS ObjectEvent); a format with smaller items announces its own so that
    /// `maxBytes` is filled, not left half empty.
    public var fixedBytesPerTrade: Int

    /// Creates limits.
    public init(maxTrades: Int, maxBytes: Int, fixedBytesPerTrade: Int = 1_024) {
        self.maxTrades = max(1, maxTrades)
        self.maxBytes = max(1, maxBytes)
        self.fixedBytesPerTrade = max(1, fixedBytesPerTrade)
    }
}

/// A send that produced no usable answer. The batch stays pending; the outbox backs off and shows `message`.
/// Messages never contain the bearer token, private keys or passwords.
public struct UplinkSendError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Broad classes the outbox and `sync status` tell apart.
    public enum Kind: String, Sendable, Hashable {
        /// DNS, refused connection, reset, network down.
        case unreachable
        /// No complete answer within the configured time.
        case timeout
        /// Certificate verification, handshake or client-certificate failure.
        case tls
        /// 401/403: credentials missing, wrong or not allowed (retried slowly; an operator must act).
        case unauthorized
        /// Any other HTTP status that is not an answer about the trades (400, 404, 415 …).
        case httpStatus
        /// A 2xx answer that cannot be trusted: malformed JSON, wrong content type, missing per-item results,
        /// results for other trades, a body larger than the limit.
        case badReply
        /// Local configuration problem found while sending (unreadable token file, bad CA bundle …).
        case configuration
    }

    /// The class of failure.
    public var kind: Kind
    /// What went wrong and what to check, for the operator (platform, URL path, status, cause).
    public var message: String
    /// HTTP status when there was one.
    public var status: Int?
    /// Seconds the platform asked us to wait (Retry-After), when it said.
    public var retryAfterSeconds: Int?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, status: Int? = nil, retryAfterSeconds: Int? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// `unreachable: …` / `HTTP 400: …`.
    public var description: String {
        if let status { return "HTTP \(status): \(message)" }
        return "\(kind.rawValue): \(message)"
    }
}
