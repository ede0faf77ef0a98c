/// Settings the HTTP transport cannot start with: a bad URL, plain http to a remote host, a token or key file
/// that is missing or readable by others, a CA bundle or client certificate that does not load. The message
/// names the platform, the file or value, and the fix. It never contains the token or key.
public struct HTTPUplinkConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The platform's name.
    public var platform: String
    /// What is wrong and what to do.
    public var message: String

    /// Creates an error.
    public init(platform: String, _ message: String) {
        self.platform = platform
        self.message = message
    }

    /// `uplink platform 'city': token file /etc/tracegate/token is readable by every user; run chmod 600 …`.
    public var description: String { "uplink platform '\(platform)': \(message)" }
}
