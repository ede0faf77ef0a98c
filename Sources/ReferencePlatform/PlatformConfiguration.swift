import Uplink

/// Everything the reference platform needs to start. Defaults suit tests and the demo: loopback, no faults,
/// limits far above what a gateway sends.
public struct PlatformConfiguration: Sendable {
    /// Address to listen on.
    public var host: String
    /// Port; 0 picks a free one (read it with `ReferencePlatform.listeningPort()`).
    public var port: Int
    /// The platform's SQLite file (created when missing).
    public var databasePath: String
    /// Master data published at start.
    public var masterData: MasterData
    /// Faults in force at start.
    public var faults: FaultSettings
    /// Most events in one EPCIS capture (`GS1-EPCIS-Capture-Limit`); more is a 413.
    public var captureEventLimit: Int
    /// Most bytes in one EPCIS capture, after gzip inflation (`GS1-EPCIS-Capture-File-Size-Limit`); more is a 413.
    public var captureByteLimit: Int
    /// How long a capture job reports `running` before its outcome, in milliseconds (0: finished at once).
    public var captureDelayMilliseconds: Int
    /// Most trades in one tracegate-v1 batch; more is a 413 (the gateway splits).
    public var maxBatchTrades: Int
    /// Most bytes of any request body, after gzip inflation; more is a 413.
    public var maxBodyBytes: Int
    /// When set, every API and admin request needs `Authorization: Bearer <token>`.
    public var bearerToken: String?
    /// When set, the platform serves HTTPS (and mTLS when a client CA is given).
    public var tls: PlatformTLSFiles?
    /// How city-form-json rows name their fields.
    public var cityFormMapping: CityFormFieldMapping

    /// Creates a configuration.
    public init(
        databasePath: String, host: String = "127.0.0.1", port: Int = 0, masterData: MasterData = .defaults,
        faults: FaultSettings = .none, captureEventLimit: Int = 10_000, captureByteLimit: Int = 32 << 20,
        captureDelayMilliseconds: Int = 0, maxBatchTrades: Int = 10_000, maxBodyBytes: Int = 64 << 20,
        bearerToken: String? = nil, tls: PlatformTLSFiles? = nil,
        cityFormMapping: CityFormFieldMapping = .retailDefault
    ) {
        self.databasePath = databasePath
        self.host = host
        self.port = port
        self.masterData = masterData
        self.faults = faults
        self.captureEventLimit = captureEventLimit
        self.captureByteLimit = captureByteLimit
        self.captureDelayMilliseconds = captureDelayMilliseconds
        self.maxBatchTrades = maxBatchTrades
        self.maxBodyBytes = maxBodyBytes
        self.bearerToken = bearerToken
        self.tls = tls
        self.cityFormMapping = cityFormMapping
    }

    /// Problems an operator must fix before start (empty when usable).
    public var problems: [String] {
        var out = faults.problems
        if !(0...65535).contains(port) { out.append("port must be 0…65535, got \(port)") }
        if captureEventLimit < 1 { out.append("capture event limit must be ≥ 1") }
        if captureByteLimit < 1 { out.append("capture byte limit must be ≥ 1") }
        if captureDelayMilliseconds < 0 { out.append("capture delay must be ≥ 0 ms") }
        if maxBatchTrades < 1 { out.append("max batch trades must be ≥ 1") }
        if maxBodyBytes < 1 { out.append("max body bytes must be ≥ 1") }
        if bearerToken?.isEmpty == true { out.append("the bearer token is empty; check the token file") }
        return out + cityFormMapping.problems
    }
}

/// PEM files for HTTPS serving.
public struct PlatformTLSFiles: Sendable, Hashable {
    /// Server certificate chain (PEM).
    public var certificatePath: String
    /// Server private key (PEM).
    public var privateKeyPath: String
    /// CA bundle (PEM) that client certificates must chain to; when set, a client certificate is required (mTLS).
    public var clientCAPath: String?

    /// Creates the file set.
    public init(certificatePath: String, privateKeyPath: String, clientCAPath: String? = nil) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
    }
}
