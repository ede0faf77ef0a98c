import Foundation
import Uplink

/// The `uplink:` section: where trades are delivered, and how long delivered trades are kept.
/// Absent: no uplink (the gateway records offline only and never prunes).
public struct UplinkSettings: Sendable, Hashable {
    /// Days a trade accepted by every platform is kept before retention pruning (pending or rejected trades
    /// are never pruned).
    public var retentionDays: Int
    /// Platforms, in file order; names are unique.
    public var platforms: [UplinkPlatformSettings]

    /// Creates settings.
    public init(retentionDays: Int = 30, platforms: [UplinkPlatformSettings]) {
        self.retentionDays = retentionDays
        self.platforms = platforms
    }
}

/// One platform under `uplink.platforms`: endpoint, wire format, credentials, limits and backoff.
public struct UplinkPlatformSettings: Sendable, Hashable {
    /// Wire formats (docs/uplink-openapi.yaml, domain.md §3, §1.5): the HTTP transport's own.
    public typealias Format = UplinkFormat

    /// Unique name, used in the outbox tables, `sync status` and logs. Renaming it re-sends everything.
    public var name: String
    /// Base URL (https; http only to loopback or with `allowInsecureHTTP`).
    public var url: URL
    /// Wire format.
    public var format: Format
    /// File holding the bearer token (must not be world-readable), if any.
    public var tokenFile: String?
    /// CA bundle (PEM) to trust instead of the system store.
    public var caFile: String?
    /// Client certificate (PEM) for mTLS.
    public var clientCertificate: String?
    /// Client private key (PEM) for mTLS.
    public var clientKey: String?
    /// Most trades per batch.
    public var maxBatchTrades: Int = 500
    /// Most encoded body bytes per batch (before compression).
    public var maxBatchBytes: Int = 1_048_576
    /// Gzip request bodies.
    public var gzip: Bool = true
    /// Time allowed for one request, milliseconds.
    public var timeoutMilliseconds: Int = 15_000
    /// First backoff ceiling after a failure, milliseconds.
    public var backoffInitialMilliseconds: Int = 500
    /// Largest backoff, and cap on Retry-After waits, milliseconds.
    public var backoffMaxMilliseconds: Int = 300_000
    /// `city-form-json` method name, e.g. `uploadRetailTrades`.
    public var cityFormMethod: String?
    /// Allows `http://` to a host that is not loopback (test rigs only: trades and the token travel in clear).
    public var allowInsecureHTTP: Bool = false
    /// Pull master data (catalogue, operators, stop-trade orders) from this platform (`master_data`; default
    /// true for tracegate-v1, which is the only format that serves it). The first such platform is used.
    public var masterData: Bool = false
    /// Seconds between master data refreshes (`master_data_refresh_s`, default 300).
    public var masterDataRefreshSeconds: Int = 300

    /// Creates settings with the defaults above.
    public init(name: String, url: URL, format: Format) {
        self.name = name
        self.url = url
        self.format = format
        self.masterData = format == .tracegateV1
    }
}
