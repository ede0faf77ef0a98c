/// Where a supervised device stands.
public enum DeviceState: Sendable, Hashable, CustomStringConvertible {
    /// `run()` has not started yet.
    case idle
    /// The port is open and being read.
    case connected
    /// The port is missing, unopenable or was lost; the supervisor retries with backoff. The reason says why.
    case waitingForDevice(String)
    /// A configuration-level error that retrying cannot fix (invalid baud, a setting the device refuses).
    case failed(String)
    /// `run()` returned after cancellation.
    case stopped

    /// A short name: "idle", "connected", "waitingForDevice", "failed", "stopped".
    public var name: String {
        switch self {
        case .idle: "idle"
        case .connected: "connected"
        case .waitingForDevice: "waitingForDevice"
        case .failed: "failed"
        case .stopped: "stopped"
        }
    }

    /// The reason for waiting or failing; nil otherwise.
    public var reason: String? {
        switch self {
        case .waitingForDevice(let reason), .failed(let reason): reason
        default: nil
        }
    }

    /// The name, with the reason when there is one.
    public var description: String {
        if let reason { return "\(name): \(reason)" }
        return name
    }
}
