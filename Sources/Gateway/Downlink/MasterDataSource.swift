import Uplink
import UplinkHTTP

/// The answer to one conditional download of a master data document.
public enum MasterDataDownload: Sendable, Hashable {
    /// 304: the held copy is current (the platform's ETag).
    case notModified(etag: String)
    /// 200: the body exactly as received (already validated by the source) and its ETag ("" when none).
    case updated(body: [UInt8], etag: String)
}

/// Where the downlink gets master data: the HTTP `MasterDataClient` in the daemon, a stand-in in tests.
public protocol MasterDataSource: Sendable {
    /// Downloads `document`, conditional on `etag` when one is held. Throws with a message an operator can act
    /// on; the caller keeps its copy.
    func download(_ document: DownlinkDocument, ifNoneMatch etag: String?) async throws -> MasterDataDownload
    /// Releases connections; called once when the gateway stops.
    func close() async
}

extension MasterDataClient: MasterDataSource {
    /// Fetches through the typed client (which validates the body) and hands back the raw body.
    public func download(_ document: DownlinkDocument, ifNoneMatch etag: String?) async throws -> MasterDataDownload {
        switch document {
        case .catalogue: return try await Self.raw(fetchWithBody(MasterCatalogue.self, ifNoneMatch: etag))
        case .operators: return try await Self.raw(fetchWithBody(OperatorRegistry.self, ifNoneMatch: etag))
        case .stopOrders: return try await Self.raw(fetchWithBody(StopTradeOrders.self, ifNoneMatch: etag))
        }
    }

    /// Closes the connection pool if this client owns it.
    public func close() async { try? await shutdown() }

    /// Drops the parsed document, keeping body and ETag.
    private static func raw<Document>(_ answer: (fetch: MasterDataFetch<Document>, body: [UInt8]?))
        -> MasterDataDownload
    {
        switch answer.fetch {
        case .notModified(let etag): return .notModified(etag: etag)
        case .updated(_, let etag): return .updated(body: answer.body ?? [], etag: etag ?? "")
        }
    }
}
