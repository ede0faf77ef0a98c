import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Uplink

/// The shared HTTP side of one platform: one `HTTPClient` (connection pool, TLS), the bearer token, the base URL
/// and the limits. The uplink transport and the master data client send through it.
final class PlatformConnection: Sendable {
    /// The settings it was built from.
    let settings: HTTPUplinkSettings
    /// The checked base URL.
    let endpoint: PlatformEndpoint
    /// The client; shut down by `shutdown()`.
    let client: HTTPClient
    /// The bearer token, when the platform uses one.
    let token: BearerToken?
    /// Logs method, path, status and sizes — never headers, bodies or the token.
    let logger: Logger
    /// What to check about certificate trust, for TLS error messages.
    let trustHint: String

    /// Checks the settings, loads the token and TLS files, and creates the client.
    init(settings: HTTPUplinkSettings, eventLoopGroup: (any EventLoopGroup)?, logger: Logger)
        throws(HTTPUplinkConfigurationError)
    {
        func failure(_ message: String) -> HTTPUplinkConfigurationError {
            HTTPUplinkConfigurationError(platform: settings.name, message)
        }
        guard settings.timeoutSeconds > 0 else { throw failure("timeout must be more than 0 seconds") }
        guard settings.maxReplyBytes >= 1024 else { throw failure("max reply bytes must be at least 1024") }
        guard settings.maxBatchTrades >= 1, settings.maxBatchBytes >= 1 else {
            throw failure("batch limits must be at least 1 trade and 1 byte")
        }
        let endpoint = try PlatformEndpoint(settings.baseURL, platform: settings.name)
        if !endpoint.isTLS,
            settings.caBundleFile != nil || settings.clientCertificateFile != nil || settings.clientKeyFile != nil
        {
            throw failure("CA bundle and client certificate need an https:// base URL, not \(settings.baseURL)")
        }
        self.settings = settings
        self.endpoint = endpoint
        if let path = settings.tokenFile {
            self.token = try BearerToken(path: path, platform: settings.name)
        } else {
            self.token = nil
        }
        self.logger = logger
        self.trustHint =
            settings.caBundleFile.map {
                settings.caBundleOnly ? "only the CA bundle \($0) is trusted" : "trusted: the system store and \($0)"
            } ?? "trusted: the system store only (set ca_bundle for a private CA)"

        let tls = endpoint.isTLS ? try UplinkTLS.configuration(for: settings) : nil
        let timeout = TimeAmount.nanoseconds(Int64(settings.timeoutSeconds * 1_000_000_000))
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(connect: timeout, read: timeout), decompression: .disabled)
        configuration.httpVersion = .http1Only
        // A refused or failed connection is an answer now, not after `timeout` of silent retries: the outbox owns
        // retrying (full-jitter backoff, Retry-After) and `sync status` shows "unreachable" at once.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.client = HTTPClient(
            eventLoopGroup: eventLoopGroup ?? HTTPClient.defaultEventLoopGroup, configuration: configuration,
            backgroundActivityLogger: logger)
    }

    /// Sends one request and reads the answer (body cut at `maxReplyBytes`). Adds `Authorization` when there is
    /// a token. Throws `UplinkSendError` for anything that produced no HTTP answer.
    func exchange(
        _ method: HTTPMethod, url: String, headers: [UplinkHeader] = [], body: [UInt8]? = nil
    ) async throws(UplinkSendError) -> PlatformExchange {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        if let token { request.headers.replaceOrAdd(name: "Authorization", value: "Bearer " + (try token.current())) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let path = String(url.dropFirst(endpoint.origin.count))
        do {
            let response = try await client.execute(
                request, timeout: .nanoseconds(Int64(settings.timeoutSeconds * 1_000_000_000)), logger: nil)
            var bytes: [UInt8] = []
            var truncated = false
            for try await chunk in response.body {
                let room = settings.maxReplyBytes - bytes.count
                if chunk.readableBytes > room {
                    bytes.append(contentsOf: chunk.readableBytesView.prefix(room))
                    truncated = true
                    break
                }
                bytes.append(contentsOf: chunk.readableBytesView)
            }
            let exchange = PlatformExchange(
                status: Int(response.status.code), headers: response.headers.map { UplinkHeader($0.name, $0.value) },
                body: bytes, truncated: truncated)
            logger.debug(
                "uplink exchange",
                metadata: [
                    "platform": "\(settings.name)", "method": "\(method.rawValue)", "path": "\(path)",
                    "status": "\(exchange.status)", "sent_bytes": "\(body?.count ?? 0)",
                    "reply_bytes": "\(bytes.count)\(truncated ? "+" : "")",
                ])
            return exchange
        } catch {
            let failure = TransportFailure.classify(
                error, platform: settings.name, url: endpoint.origin + path, trustHint: trustHint)
            logger.info(
                "uplink exchange failed",
                metadata: [
                    "platform": "\(settings.name)", "method": "\(method.rawValue)", "path": "\(path)",
                    "error": "\(failure)",
                ])
            throw failure
        }
    }

    /// The error with the token removed from its message.
    func redact(_ error: UplinkSendError) -> UplinkSendError {
        guard let token else { return error }
        var copy = error
        copy.message = token.redact(error.message)
        return copy
    }

    /// The reply with the token removed from every reason (reasons quote the platform's text).
    func redact(_ reply: BatchReply) -> BatchReply {
        guard let token else { return reply }
        switch reply {
        case .perItem(let items):
            return .perItem(
                items.map { item in
                    switch item.outcome {
                    case .accepted: return item
                    case .rejected(let reason):
                        return ItemResult(traceCode: item.traceCode, outcome: .rejected(reason: token.redact(reason)))
                    case .retry(let reason):
                        return ItemResult(traceCode: item.traceCode, outcome: .retry(reason: token.redact(reason)))
                    }
                })
        case .retryLater(let seconds, let reason):
            return .retryLater(afterSeconds: seconds, reason: token.redact(reason))
        case .tooLarge(let reason): return .tooLarge(reason: token.redact(reason))
        }
    }

    /// Closes pooled connections and releases the client. Call once, when the gateway stops.
    func shutdown() async throws {
        try await client.shutdown()
    }
}
