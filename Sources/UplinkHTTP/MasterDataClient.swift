import Foundation
import Logging
import NIOCore
import Uplink

/// Fetches the platform's master data (catalogue, operator registry, stop-trade orders) with conditional GETs
/// (master data contract): `GET {base}/v1/master/<document>?node=<node code>`, `If-None-Match: <etag>` when a
/// copy is held; 304 → `.notModified`, 200 → `.updated(parsed, etag)`. Same token and TLS as uploads.
///
/// A document that does not parse is a `.badReply` error: the caller keeps the copy it has.
public final class MasterDataClient: Sendable {
    /// Client, token, base URL.
    let connection: PlatformConnection
    /// The 9-digit node code sent as `?node=`.
    public let nodeCode: String
    /// Whether `shutdown()` closes the connection (false when it is shared with a transport).
    let ownsConnection: Bool

    /// A client with its own connection pool. Throws the same configuration errors as `HTTPUplinkTransport`.
    public convenience init(
        settings: HTTPUplinkSettings, nodeCode: String, eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger = Logger(label: "tracegate.uplink.masterdata")
    ) throws(HTTPUplinkConfigurationError) {
        let connection = try PlatformConnection(settings: settings, eventLoopGroup: eventLoopGroup, logger: logger)
        self.init(connection: connection, nodeCode: nodeCode, ownsConnection: true)
    }

    /// A client on an existing connection.
    init(connection: PlatformConnection, nodeCode: String, ownsConnection: Bool) {
        self.connection = connection
        self.nodeCode = nodeCode
        self.ownsConnection = ownsConnection
    }

    /// `GET /v1/master/catalogue`.
    public func fetchCatalogue(ifNoneMatch etag: String?) async throws(UplinkSendError) -> MasterDataFetch<
        MasterCatalogue
    > {
        try await fetch(MasterCatalogue.self, ifNoneMatch: etag)
    }

    /// `GET /v1/master/operators`.
    public func fetchOperators(ifNoneMatch etag: String?) async throws(UplinkSendError) -> MasterDataFetch<
        OperatorRegistry
    > {
        try await fetch(OperatorRegistry.self, ifNoneMatch: etag)
    }

    /// `GET /v1/master/stop-orders`.
    public func fetchStopOrders(ifNoneMatch etag: String?) async throws(UplinkSendError) -> MasterDataFetch<
        StopTradeOrders
    > {
        try await fetch(StopTradeOrders.self, ifNoneMatch: etag)
    }

    /// Any of the three documents.
    public func fetch<Document: MasterDataDocument>(_ type: Document.Type, ifNoneMatch etag: String?)
        async throws(UplinkSendError) -> MasterDataFetch<Document>
    {
        try await fetchWithBody(type, ifNoneMatch: etag).fetch
    }

    /// Like `fetch`, also returning a 200's body exactly as received (the gateway stores it verbatim).
    public func fetchWithBody<Document: MasterDataDocument>(_ type: Document.Type, ifNoneMatch etag: String?)
        async throws(UplinkSendError) -> (fetch: MasterDataFetch<Document>, body: [UInt8]?)
    {
        do {
            return try await fetchUnredacted(type, ifNoneMatch: etag)
        } catch {
            throw connection.redact(error)
        }
    }

    /// `fetch` before the token is scrubbed from messages.
    func fetchUnredacted<Document: MasterDataDocument>(_ type: Document.Type, ifNoneMatch etag: String?)
        async throws(UplinkSendError) -> (fetch: MasterDataFetch<Document>, body: [UInt8]?)
    {
        let platform = connection.settings.name
        let name = Document.documentName
        let url = connection.endpoint.url("/v1/master/\(name)?node=\(Self.queryEscape(nodeCode))")
        var headers = [UplinkHeader("Accept", "application/json")]
        if let etag, !etag.isEmpty { headers.append(UplinkHeader("If-None-Match", etag)) }
        let exchange = try await connection.exchange(.GET, url: url, headers: headers)
        switch exchange.status {
        case 304:
            return (.notModified(etag: exchange.header("ETag") ?? etag ?? ""), nil)
        case 200:
            guard !exchange.truncated else {
                throw UplinkSendError(
                    .badReply,
                    "platform '\(platform)' master data \(name) is larger than \(connection.settings.maxReplyBytes) bytes;"
                        + " raise max reply bytes if that is expected",
                    status: 200)
            }
            let mediaType = exchange.header("Content-Type")?.split(separator: ";").first
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard mediaType == "application/json" else {
                throw UplinkSendError(
                    .badReply,
                    "platform '\(platform)' master data \(name) came as \(exchange.header("Content-Type") ?? "no content type"),"
                        + " not application/json (a proxy or login page?): \(PlatformExchange.snippet(exchange.body))",
                    status: 200)
            }
            do {
                return (.updated(try Document.parse(exchange.body), etag: exchange.header("ETag")), exchange.body)
            } catch {
                throw UplinkSendError(.badReply, "platform '\(platform)': \(error)", status: 200)
            }
        case 401, 403:
            throw UplinkSendError(
                .unauthorized,
                "platform '\(platform)' refused our credentials for master data \(name); check the token file and"
                    + " client certificate",
                status: exchange.status)
        default:
            throw UplinkSendError(
                .httpStatus,
                "platform '\(platform)' master data \(name): \(exchange.problemText)", status: exchange.status,
                retryAfterSeconds: RetryAfter.seconds(exchange.header("Retry-After"), now: Date()))
        }
    }

    /// Closes the connection pool when this client owns it (one made with `init(settings:…)`).
    public func shutdown() async throws {
        if ownsConnection { try await connection.shutdown() }
    }

    /// Percent-encodes a query value (node codes are digits; anything else is escaped).
    static func queryEscape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
