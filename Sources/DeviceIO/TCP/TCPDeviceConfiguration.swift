/// Everything a TCP device supervisor needs to know about one device behind a serial device server (or a
/// networked reader), besides its decoder.
public struct TCPDeviceConfiguration: Sendable, Hashable, LinkConfiguration {
    /// The device id (e.g. "line-1-track-scale"), used in status, logs and error messages.
    public var id: String
    /// Where the device server listens.
    public var endpoint: TCPEndpoint
    /// Bytes to write every `pollInterval` for polled protocols. When nil the decoder's own `pollCommand` is used;
    /// when both are nil nothing is ever written to the connection.
    public var pollCommand: [UInt8]?
    /// Time between poll commands. Default 200 ms.
    public var pollInterval: Duration
    /// A connection that delivers no byte for this long is closed and reconnected: a device server whose serial
    /// side died, or a network path that dropped without a reset. Default 5 s; nil for devices silent when idle.
    public var silenceTimeout: Duration?
    /// How long one connection attempt may take before it counts as failed. Default 3 s.
    public var connectTimeout: Duration
    /// Delays between connection attempts. Default 0.5 s doubling to 30 s, like a serial port.
    public var backoff: ReconnectBackoff

    /// Creates a configuration.
    public init(
        id: String, endpoint: TCPEndpoint, pollCommand: [UInt8]? = nil, pollInterval: Duration = .milliseconds(200),
        silenceTimeout: Duration? = .seconds(5), connectTimeout: Duration = .seconds(3),
        backoff: ReconnectBackoff = ReconnectBackoff()
    ) {
        self.id = id
        self.endpoint = endpoint
        self.pollCommand = pollCommand
        self.pollInterval = pollInterval
        self.silenceTimeout = silenceTimeout
        self.connectTimeout = connectTimeout
        self.backoff = backoff
    }

    /// The device as status and messages name it: `tcp://host:port`.
    public var path: String { "tcp://\(endpoint)" }

    /// Checks the whole configuration; errors name the device and the key.
    public func validate() throws(DeviceError) {
        if let problem = endpoint.problem { throw .invalidSetting(path: path, "device '\(id)': \(problem)") }
        if let problem = reconnectionProblem(path: path, silenceTimeout: silenceTimeout) {
            throw .invalidSetting(path: path, problem)
        }
        if pollInterval <= .zero {
            throw .invalidSetting(path: path, "device '\(id)': pollInterval must be positive")
        }
        if connectTimeout <= .zero {
            throw .invalidSetting(path: path, "device '\(id)': connectTimeout must be positive")
        }
        if let pollCommand, pollCommand.isEmpty {
            throw .invalidSetting(path: path, "device '\(id)': pollCommand is empty; omit it instead")
        }
    }
}
