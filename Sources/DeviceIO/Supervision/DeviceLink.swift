/// What a device supervisor needs from one kind of transport (serial port, evdev keyboard, USB HID, …): the
/// transport's own work, and nothing of the open → wait → backoff → serve → close loop, the status, the counters
/// or the wake-ups, which `DeviceSupervisor` keeps once for all of them.
///
/// A new transport is one conforming type plus its configuration: `open` says whether a failure is worth
/// retrying, `serve` reads one connection until it is lost or the task is cancelled and hands what it reads
/// to `session.deliver`, `close` releases it.
public protocol DeviceLink: Sendable {
    /// One open connection (a file descriptor, a libusb handle), owned by the supervisor's task.
    associatedtype Connection
    /// What `validate` and `open` throw.
    associatedtype Failure: DeviceFailure

    /// The device id from the configuration (log metadata, status).
    var id: String { get }
    /// The delays between attempts to open.
    var backoff: ReconnectBackoff { get }

    /// Checks the settings before the first attempt; a failure here is never retried (state `failed`).
    func validate() throws(Failure)
    /// Opens a connection. A retryable failure (missing, busy, not yet permitted) is waited out; any other
    /// stops the supervisor with state `failed`. May record the driver or the resolved path in `session`.
    func open(_ session: DeviceSession) async throws(Failure) -> Connection
    /// Reads the connection until it is lost (with the reason) or the task is cancelled. Every chunk read goes
    /// through `session.deliver`, with a decoder made fresh for this connection.
    func serve(_ connection: Connection, session: DeviceSession) async -> ConnectionEnd
    /// Releases the connection; called once, after `serve` returned.
    func close(_ connection: Connection) async
}

/// How one connection ended.
public enum ConnectionEnd: Sendable, Hashable {
    /// The task was cancelled: the supervisor stops.
    case cancelled
    /// The device went away, failed or fell silent; the supervisor waits and reopens. `receivedData` (the
    /// connection delivered something) starts the backoff over.
    case lost(reason: String, receivedData: Bool)
}

/// An error opening, reading or writing a device: a sentence an operator can act on, and whether waiting
/// can fix it (device unplugged, busy, permissions not yet applied by udev) or the configuration must change.
public protocol DeviceFailure: Error, Sendable {
    /// What went wrong and what to do.
    var message: String { get }
    /// Whether waiting and reopening can fix this.
    var isRetryable: Bool { get }
}
