import Foundation

/// A snapshot of one supervised device, readable at any time from any thread (status pages, metrics).
public struct DeviceStatus: Sendable, Hashable {
    /// The device id from the configuration.
    public var id: String
    /// Current state.
    public var state: DeviceState = .idle
    /// The driver of the current or last connection ("libserialport", "termios", "evdev", "libusb"); nil before the first.
    public var driver: String?
    /// Bytes read since start.
    public var bytesRead: Int64 = 0
    /// Decoded events that were not frame errors (weights, scans).
    public var frames: Int64 = 0
    /// Frame errors from the decoder (a wrong baud rate shows up here).
    public var decodeErrors: Int64 = 0
    /// Times the device was opened again after a connection was lost (hangup, I/O error or silence).
    public var reconnects: Int64 = 0
    /// Times the port stayed silent for the whole silence timeout and was reopened.
    public var silenceTimeouts: Int64 = 0
    /// Poll commands written.
    public var pollsWritten: Int64 = 0
    /// When the last decoded event (frame or error) arrived.
    public var lastEventAt: Date?
    /// The device node the current or last connection opened (a `.usb` identity resolves to one).
    public var resolvedPath: String?
    /// The last error or loss reason, kept after recovery for diagnosis.
    public var lastError: String?

    /// Creates the initial status of device `id`.
    public init(id: String) {
        self.id = id
    }
}
