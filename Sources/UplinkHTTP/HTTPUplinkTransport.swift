import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Uplink

/// The production `UplinkTransport`: encodes a batch in the platform's format (tracegate-v1, EPCIS 2.0 or the
/// city form), sends it over HTTPS with one shared `HTTPClient`, and reads the answer with the format's reply
/// decoder. Everything that is not a clear answer about the trades is an `UplinkSendError`; nothing unclear is
/// ever read as an acceptance (docs/uplink-http.md has the full mapping).
public final class HTTPUplinkTransport: UplinkTransport {
    /// The platform's name from the configuration.
    public let platformName: String
    /// The settings.
    public let settings: HTTPUplinkSettings
    /// The sending node.
    public let node: UplinkNode
    /// Client, token, base URL.
    let connection: PlatformConnection
    /// The injected clock (Retry-After dates, EPCIS creation dates, job deadlines).
    let now: @Sendable () -> Date
    /// What was learned from the platform about batch sizes.
    let learned: NIOLockedValueBox<LearnedLimits>

    /// Limits the platform announced or implied.
    struct LearnedLimits: Sendable {
        /// EPCIS: `OPTIONS /capture` must be asked (at start and after a 413).
        var needsCaptureOptions = true
        /// EPCIS: `GS1-EPCIS-Capture-Limit` (events per capture), when announced.
        var announcedTrades: Int?
        /// EPCIS: `GS1-EPCIS-Capture-File-Size-Limit` (bytes), when announced.
        var announcedBytes: Int?
        /// After a 413: at most half the refused batch's trades (until restart).
        var shrunkTrades: Int?
    }

    /// Creates a transport for `settings` sending as `node`.
    ///
    /// - Parameters:
    ///   - eventLoopGroup: the NIO group to run on; nil uses AsyncHTTPClient's shared singleton group.
    ///   - logger: receives one debug line per exchange (method, path, status, sizes) and failures; never headers,
    ///     bodies or the token.
    ///   - now: the clock, injected for tests.
    /// - Throws: `HTTPUplinkConfigurationError` for a bad URL, plain http to a non-loopback host, a token or key
    ///   file that is missing or readable by others, an unloadable CA bundle or client certificate, an empty
    ///   city-form method or a bad field mapping.
    public init(
        settings: HTTPUplinkSettings, node: UplinkNode, eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger = Logger(label: "tracegate.uplink.http"), now: @escaping @Sendable () -> Date = { Date() }
    ) throws(HTTPUplinkConfigurationError) {
        if settings.format == .cityFormJSON {
            let method = settings.cityFormMethod
            guard !method.isEmpty,
                method.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) })
            else {
                throw HTTPUplinkConfigurationError(
                    platform: settings.name,
                    "city-form method '\(method)' must be a non-empty name of letters, digits, '_', '-' or '.'"
                        + " (e.g. sAnimalIn), as the city's interface document gives it")
            }
            if let problem = settings.cityFormMapping.problems.first {
                throw HTTPUplinkConfigurationError(platform: settings.name, "city-form field mapping: \(problem)")
            }
        }
        self.platformName = settings.name
        self.settings = settings
        self.node = node
        self.connection = try PlatformConnection(settings: settings, eventLoopGroup: eventLoopGroup, logger: logger)
        self.now = now
        self.learned = NIOLockedValueBox(LearnedLimits())
    }

    /// The configured limits, lowered by what the platform announced (EPCIS `OPTIONS /capture`, asked once and
    /// again after a 413) and by 413 answers (half the refused batch).
    public func batchLimits() async -> UplinkBatchLimits {
        if settings.format == .epcis20, learned.withLockedValue({ $0.needsCaptureOptions }) {
            await discoverCaptureLimits()
        }
        let state = learned.withLockedValue { $0 }
        let trades = [settings.maxBatchTrades, state.announcedTrades, state.shrunkTrades].compactMap { $0 }.min()
        let bytes = [settings.maxBatchBytes, state.announcedBytes].compactMap { $0 }.min()
        return UplinkBatchLimits(
            maxTrades: trades ?? settings.maxBatchTrades, maxBytes: bytes ?? settings.maxBatchBytes,
            fixedBytesPerTrade: settings.format == .tracegateV1 ? TraceGateV1Encoder.fixedBytesPerItem : 1_024)
    }

    /// Sends `batch` and returns the platform's verdict (see `UplinkTransport.send`).
    public func send(_ batch: UplinkBatch) async throws(UplinkSendError) -> BatchReply {
        do {
            return connection.redact(try await sendUnredacted(batch))
        } catch {
            throw connection.redact(error)
        }
    }

    /// Sends a batch `prepare(_:)` encoded (see `UplinkTransport.send`).
    public func send(_ prepared: PreparedUplinkBatch) async throws(UplinkSendError) -> BatchReply {
        do {
            return connection.redact(try await sendUnredacted(prepared))
        } catch {
            throw connection.redact(error)
        }
    }

    /// Encodes and compresses a tracegate-v1 or city-form batch ahead of sending (the outbox does this for the
    /// next batch while the current one is in flight). EPCIS is encoded at send: its documents carry the send
    /// time and the capture limits it learns on the way.
    public func prepare(_ batch: UplinkBatch) -> PreparedUplinkBatch {
        switch settings.format {
        case .tracegateV1:
            let body = TraceGateV1Encoder(node: node).encode(batch)
            return PreparedUplinkBatch(
                batch: batch, request: request(body, path: "/v1/trades:batch", gzip: settings.gzip))
        case .cityFormJSON:
            let encoder = CityFormEncoder(
                node: node, method: settings.cityFormMethod, mapping: settings.cityFormMapping)
            return PreparedUplinkBatch(
                batch: batch, request: request(encoder.encode(batch), path: "/" + settings.cityFormMethod, gzip: false))
        case .epcis20:
            return PreparedUplinkBatch(batch: batch)
        }
    }

    /// `send` before the token is scrubbed from messages.
    func sendUnredacted(_ batch: UplinkBatch) async throws(UplinkSendError) -> BatchReply {
        try await sendUnredacted(prepare(batch))
    }

    /// `send` of a prepared batch before the token is scrubbed from messages.
    func sendUnredacted(_ prepared: PreparedUplinkBatch) async throws(UplinkSendError) -> BatchReply {
        let batch = prepared.batch
        let reply: BatchReply
        switch (settings.format, prepared.request) {
        case (.tracegateV1, let request?):
            let exchange = try await post(request)
            reply = try interpret(exchange, for: batch, decoder: TraceGateV1ReplyDecoder.decode)
        case (.cityFormJSON, let request?):
            let exchange = try await post(request)
            reply = try interpret(exchange, for: batch, decoder: CityFormReplyDecoder.decode)
        case (.tracegateV1, nil), (.cityFormJSON, nil):
            return try await sendUnredacted(prepare(batch))
        case (.epcis20, _):
            reply = try await capture(batch)
        }
        if case .tooLarge = reply {
            let half = max(1, batch.trades.count / 2)
            learned.withLockedValue {
                $0.shrunkTrades = min($0.shrunkTrades ?? half, half)
                $0.needsCaptureOptions = true
            }
        }
        return reply
    }

    /// A client for the platform's master data, sharing this transport's connection pool, token and TLS settings.
    public func masterDataClient(nodeCode: String) -> MasterDataClient {
        MasterDataClient(connection: connection, nodeCode: nodeCode, ownsConnection: false)
    }

    /// Closes the connection pool. Call once when the gateway stops; sends after it fail.
    public func shutdown() async throws {
        try await connection.shutdown()
    }

    /// `UplinkTransport.close()`: shuts the connection pool down. The only failure is "already shut down",
    /// which leaves nothing to release.
    public func close() async {
        try? await shutdown()
    }

    /// POSTs an encoded body, gzip-compressed when asked.
    func post(_ body: UplinkRequestBody, to url: String, gzip: Bool) async throws(UplinkSendError) -> PlatformExchange {
        let encoded = request(body, path: "", gzip: gzip)
        return try await connection.exchange(.POST, url: url, headers: encoded.headers, body: encoded.body)
    }

    /// POSTs a prepared request below the base URL.
    func post(_ request: EncodedUplinkRequest) async throws(UplinkSendError) -> PlatformExchange {
        try await connection.exchange(
            .POST, url: connection.endpoint.url(request.path), headers: request.headers, body: request.body)
    }

    /// The request for an encoded body: its headers, and the body gzip-compressed when asked.
    func request(_ body: UplinkRequestBody, path: String, gzip: Bool) -> EncodedUplinkRequest {
        var headers = [UplinkHeader("Content-Type", body.contentType), UplinkHeader("Accept", "application/json")]
        headers += body.headers
        var bytes = body.bytes
        if gzip {
            bytes = GzipCompression.compress(bytes)
            headers.append(UplinkHeader("Content-Encoding", "gzip"))
        }
        return EncodedUplinkRequest(path: path, headers: headers, body: bytes)
    }

    /// The common status rules around a format's reply decoder:
    /// 401/403 → `.unauthorized`; a 2xx body over the limit → `.badReply`; 413, 429, 5xx and 2xx go to the
    /// decoder (a decoder error on 2xx is `.badReply`); Retry-After dates are converted with the clock;
    /// any other status → `.httpStatus` with the platform's problem text.
    func interpret(
        _ exchange: PlatformExchange, for batch: UplinkBatch,
        decoder: (Int, [UplinkHeader], [UInt8], UplinkBatch) throws(UplinkReplyError) -> BatchReply
    ) throws(UplinkSendError) -> BatchReply {
        let status = exchange.status
        if status == 401 || status == 403 {
            throw UplinkSendError(
                .unauthorized,
                "platform '\(platformName)' refused our credentials (\(exchange.problemText)); check the token file"
                    + " and client certificate",
                status: status)
        }
        if exchange.isSuccess, exchange.truncated {
            throw UplinkSendError(
                .badReply,
                "platform '\(platformName)' answered with more than \(settings.maxReplyBytes) bytes; not trusted",
                status: status)
        }
        guard exchange.isSuccess || status == 413 || status == 429 || (500...599).contains(status) else {
            throw unexpectedStatus(exchange)
        }
        let reply: BatchReply
        do {
            reply = try decoder(status, exchange.headers, exchange.body, batch)
        } catch {
            throw UplinkSendError(
                exchange.isSuccess ? .badReply : .httpStatus,
                "platform '\(platformName)': \(error.message)", status: status)
        }
        return withRetryAfter(reply, exchange)
    }

    /// `.retryLater` with the Retry-After seconds filled in from an HTTP-date when the decoder could not.
    func withRetryAfter(_ reply: BatchReply, _ exchange: PlatformExchange) -> BatchReply {
        if case .retryLater(nil, let reason) = reply,
            let seconds = RetryAfter.seconds(exchange.header("Retry-After"), now: now())
        {
            return .retryLater(afterSeconds: seconds, reason: reason)
        }
        return reply
    }

    /// `.httpStatus` for a status no format gives meaning to (3xx, 400, 404, 415 …).
    func unexpectedStatus(_ exchange: PlatformExchange) -> UplinkSendError {
        if (300...399).contains(exchange.status) {
            return UplinkSendError(
                .httpStatus,
                "platform '\(platformName)' redirects to \(exchange.header("Location") ?? "(no Location)"); set the"
                    + " base URL to the final address (redirects are not followed so the token stays on one host)",
                status: exchange.status)
        }
        return UplinkSendError(
            .httpStatus, "platform '\(platformName)' answered: \(exchange.problemText)", status: exchange.status)
    }
}
