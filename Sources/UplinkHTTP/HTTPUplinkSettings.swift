import Foundation
import Uplink

/// How to reach one platform: everything the HTTP transport and the master data client need, filled in by the
/// gateway's configuration layer. Defaults are the documented safe ones (verification on, gzip on).
public struct HTTPUplinkSettings: Sendable, Hashable {
    /// The wire format spoken at `baseURL` (docs/uplink-http.md).
    public typealias Format = UplinkFormat

    /// The platform's name from the configuration (logs, status, outbox tables).
    public var name: String
    /// Base URL without a trailing slash, e.g. `https://platform.example.gov.cn/tracegate`. `http://` only for
    /// 127.0.0.0/8 and localhost.
    public var baseURL: String
    /// The wire format.
    public var format: Format
    /// `city-form-json` only: the platform's method name (the last path segment and the JSON `method`).
    public var cityFormMethod: String
    /// `city-form-json` only: which trade values go under which names.
    public var cityFormMapping: CityFormFieldMapping
    /// `epcis-2.0` only: the URI scheme for nodes, stations and trace codes.
    public var epcisIdentifiers: EPCISIdentifiers
    /// File holding the bearer token (first line); nil for mTLS-only platforms. Must not be world-readable
    /// or group-writable.
    public var tokenFile: String?
    /// PEM file of CA certificates to trust for the platform; nil for the system trust store only.
    public var caBundleFile: String?
    /// With `caBundleFile`: true trusts only that bundle, false (default) trusts it in addition to the system store.
    public var caBundleOnly: Bool
    /// PEM client certificate (chain) for mutual TLS; needs `clientKeyFile`.
    public var clientCertificateFile: String?
    /// PEM private key of the client certificate. Must not be world-readable or group-writable.
    public var clientKeyFile: String?
    /// Send tracegate-v1 request bodies gzip-compressed (`Content-Encoding: gzip`). EPCIS and city-form bodies are
    /// never compressed: those platforms are not known to accept it (docs/uplink-http.md).
    public var gzip: Bool
    /// Longest wait for one HTTP exchange (connect, send, answer), in seconds.
    public var timeoutSeconds: Double
    /// Most trades per batch.
    public var maxBatchTrades: Int
    /// Most encoded body bytes per batch (before compression).
    public var maxBatchBytes: Int
    /// Largest answer body read; a 2xx answer larger than this is a bad reply.
    public var maxReplyBytes: Int
    /// `epcis-2.0`: first wait between capture job polls, in seconds (doubles up to `epcisPollMaxSeconds`).
    public var epcisPollInitialSeconds: Double
    /// `epcis-2.0`: longest wait between capture job polls, in seconds.
    public var epcisPollMaxSeconds: Double
    /// `epcis-2.0`: total time to wait for a capture job to finish before giving up on this send (the batch
    /// stays pending and is resent; events are deduplicated by eventID).
    public var epcisJobMaxWaitSeconds: Double

    /// Creates settings with the documented defaults.
    public init(
        name: String, baseURL: String, format: Format, cityFormMethod: String = "",
        cityFormMapping: CityFormFieldMapping = .retailDefault, epcisIdentifiers: EPCISIdentifiers = EPCISIdentifiers(),
        tokenFile: String? = nil, caBundleFile: String? = nil, caBundleOnly: Bool = false,
        clientCertificateFile: String? = nil, clientKeyFile: String? = nil, gzip: Bool = true,
        timeoutSeconds: Double = 30, maxBatchTrades: Int = 500, maxBatchBytes: Int = 1_048_576,
        maxReplyBytes: Int = 4_194_304, epcisPollInitialSeconds: Double = 0.2, epcisPollMaxSeconds: Double = 5,
        epcisJobMaxWaitSeconds: Double = 120
    ) {
        self.name = name
        self.baseURL = baseURL
        self.format = format
        self.cityFormMethod = cityFormMethod
        self.cityFormMapping = cityFormMapping
        self.epcisIdentifiers = epcisIdentifiers
        self.tokenFile = tokenFile
        self.caBundleFile = caBundleFile
        self.caBundleOnly = caBundleOnly
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
        self.gzip = gzip
        self.timeoutSeconds = timeoutSeconds
        self.maxBatchTrades = maxBatchTrades
        self.maxBatchBytes = maxBatchBytes
        self.maxReplyBytes = maxReplyBytes
        self.epcisPollInitialSeconds = epcisPollInitialSeconds
        self.epcisPollMaxSeconds = epcisPollMaxSeconds
        self.epcisJobMaxWaitSeconds = epcisJobMaxWaitSeconds
    }
}
