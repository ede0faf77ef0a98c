/// A device's configuration as a link reads it: the id, the backoff and the checks every link forwards to it.
protocol LinkConfiguration: Sendable {
    /// What `validate` throws.
    associatedtype Failure: DeviceFailure
    /// The device id (e.g. "stall-12-scale"), used in status, logs and error messages.
    var id: String { get }
    /// Delays between open attempts.
    var backoff: ReconnectBackoff { get }
    /// Checks the whole configuration; errors name the device and the key.
    func validate() throws(Failure)
}

extension LinkConfiguration {
    /// What is wrong with the reconnection settings every link has (its backoff, and a silence timeout that must
    /// be positive when given), as a sentence naming the device; nil when they are fine. `path` names the device
    /// in the backoff's message.
    func reconnectionProblem(path: String, silenceTimeout: Duration? = nil) -> String? {
        do {
            try backoff.validate(path: path)
        } catch {
            return "device '\(id)': \(error.message)"
        }
        if let silenceTimeout, silenceTimeout <= .zero {
            return "device '\(id)': silenceTimeout must be positive or absent"
        }
        return nil
    }
}

/// A `DeviceLink` whose id, backoff and checks are those of its configuration.
protocol ConfiguredLink: DeviceLink {
    /// The configuration type.
    associatedtype Configuration: LinkConfiguration where Configuration.Failure == Failure
    /// The device's configuration.
    var configuration: Configuration { get }
}

/// `DeviceLink`'s settings, read from the configuration.
extension ConfiguredLink {
    /// The device id.
    public var id: String { configuration.id }
    /// The configured backoff.
    public var backoff: ReconnectBackoff { configuration.backoff }
    /// Checks the configuration before the first attempt.
    public func validate() throws(Failure) { try configuration.validate() }
}
