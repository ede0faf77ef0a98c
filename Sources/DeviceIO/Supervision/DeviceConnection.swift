import DeviceProtocols

/// How one device is connected, with the settings of that transport: the one value the supervisor factory
/// builds from. The gateway makes it from a device's configuration, `tracegate devices read*` from flags.
public enum DeviceConnection: Sendable, Hashable {
    /// A serial port or USB-serial adapter (libserialport; termios for pseudo-terminals).
    case serial(SerialDeviceConfiguration)
    /// A keyboard-wedge scanner or card reader under /dev/input, read through evdev and grabbed.
    case evdev(InputDeviceConfiguration)
    /// A USB HID point-of-sale scale or scanner read through libusb.
    case usbHID(USBHIDDeviceConfiguration)
    /// A device behind a serial device server, or a reader speaking TCP: a TCP client connection.
    case tcp(TCPDeviceConfiguration)

    /// The device id.
    public var id: String {
        switch self {
        case .serial(let configuration): configuration.id
        case .evdev(let configuration): configuration.id
        case .usbHID(let configuration): configuration.id
        case .tcp(let configuration): configuration.id
        }
    }
}

/// What each connection's decoder is made from.
public enum DecoderChoice: Sendable {
    /// A protocol of `ProtocolCatalog` with its options (and, for evdev, the keyboard layout).
    case catalogue(protocol: String, options: DecoderOptions, keyboard: KeyboardSettings = KeyboardSettings())
    /// A decoder outside the catalogue (`tracegate devices read` in raw or lines mode); evdev passes the Caps Lock
    /// state at open.
    case custom(@Sendable (_ capsLock: Bool) -> any FrameDecoder)
}

/// How devices are opened when not by the production transports (tests hand in stand-ins); nil: the real one.
public struct DeviceOpeners: Sendable {
    /// Opens evdev devices (nil: `EvdevTransport`).
    public var evdev: (@Sendable (InputDeviceConfiguration) throws(DeviceError) -> any InputDeviceTransport)?
    /// Opens USB HID devices (nil: libusb through `USBHIDTransport` and the shared `USBContext`).
    public var usbHID: (@Sendable (USBHIDDeviceConfiguration) throws(DeviceError) -> any HIDReportTransport)?

    /// The production transports.
    public init() {}
}
