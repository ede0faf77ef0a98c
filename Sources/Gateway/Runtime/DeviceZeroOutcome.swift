/// What became of a zero command (`GatewayRuntime.zeroDevice`), with a message an operator can act on.
public enum DeviceZeroOutcome: Sendable, Hashable {
    /// The command went out to the scale.
    case sent(String)
    /// No device has that id.
    case unknownDevice(String)
    /// The device exists but cannot be zeroed from the gateway (not a USB HID POS scale).
    case cannotZero(String)
    /// The scale is not connected, or the transfer failed; nothing was sent.
    case notConnected(String)

    /// The message.
    public var message: String {
        switch self {
        case .sent(let text), .unknownDevice(let text), .cannotZero(let text), .notConnected(let text): text
        }
    }
}
