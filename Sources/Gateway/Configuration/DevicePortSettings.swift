import DeviceIO
import DeviceProtocols

/// A serial device's port and line (`transport: serial`): where it is and how the line is set.
public struct SerialPortSettings: Sendable, Hashable {
    /// The path (`path`; prefer /dev/serial/by-id/…, /dev/serial/by-path/… or /dev/tracegate/… links, as ttyUSB
    /// numbers change between boots), or the USB-serial adapter matched in sysfs (`usb: {vid, pid, …}`). A
    /// simulated device's path is empty: it reads its simulator's pseudo-terminal.
    public var identity: DeviceIdentity
    /// How the line is set (`baud`, `data_bits`, `parity`, `stop_bits`, `flow_control`, `driver`).
    public var line: SerialLine
    /// Poll interval for polled protocols, milliseconds.
    public var pollIntervalMilliseconds: Int

    /// Creates settings; the defaults are 9600 8N1 without flow control, polled every 200 ms.
    public init(identity: DeviceIdentity, line: SerialLine = SerialLine(), pollIntervalMilliseconds: Int = 200) {
        self.identity = identity
        self.line = line
        self.pollIntervalMilliseconds = pollIntervalMilliseconds
    }

    /// The line settings for opening `path` (the resolved identity, or a simulator's pseudo-terminal).
    public func serialSettings(path: String) -> SerialSettings { SerialSettings(path: path, line: line) }
}

/// A keyboard wedge read through evdev (`transport: evdev`): its input device and how it types.
public struct InputPortSettings: Sendable, Hashable {
    /// `/dev/input/by-id/…-event-kbd` or `/dev/input/by-path/…`.
    public var path: String
    /// Grab the device so no console sees its keystrokes.
    public var grab: Bool
    /// The keyboard layout's name (`keymap`).
    public private(set) var layout: String
    /// Characters typed by key codes that differ from the layout (`keys`).
    public private(set) var keys: [UInt16: String]
    /// The key that ends a read (`terminator_key`).
    public private(set) var terminatorKey: KeyboardTerminatorKey
    /// The layout with its overrides and the terminator, as the keyboard decoders take them.
    public private(set) var keyboard: KeyboardSettings

    /// A grabbed US-layout keyboard ending reads with Enter (the defaults).
    public init(path: String, grab: Bool = true) {
        self.path = path
        self.grab = grab
        self.layout = "us"
        self.keys = [:]
        self.terminatorKey = .enter
        self.keyboard = KeyboardSettings()
    }

    /// A keyboard with its layout, key overrides and terminator key.
    ///
    /// - Throws: `ProtocolConfigurationError` naming the setting (`keymap`, `keys`, `terminator_key`) at fault.
    public init(
        path: String, grab: Bool = true, layout: String, keys: [UInt16: String] = [:],
        terminatorKey: KeyboardTerminatorKey = .enter
    ) throws(ProtocolConfigurationError) {
        self.path = path
        self.grab = grab
        self.layout = layout
        self.keys = keys
        self.terminatorKey = terminatorKey
        self.keyboard = try KeyboardSettings(layout: layout, keys: keys, terminator: terminatorKey.text)
    }
}

/// The key that ends a keyboard wedge's read (`terminator_key`).
public enum KeyboardTerminatorKey: Sendable, Hashable {
    /// Enter or keypad Enter.
    case enter
    /// Tab.
    case tab
    /// Another key, by its Linux key code (not a modifier).
    case code(UInt16)

    /// Parses `enter`, `tab` or a key code.
    ///
    /// - Throws: `ProtocolConfigurationError` (option `terminator_key`) for anything else.
    public init(text: String) throws(ProtocolConfigurationError) {
        let codes = try KeyboardSettings.terminatorKeys(named: text)
        switch text.lowercased() {
        case "enter": self = .enter
        case "tab": self = .tab
        default:
            // terminatorKeys(named:) returns exactly the one code for anything but enter and tab.
            guard codes.count == 1, let code = codes.first else {
                throw ProtocolConfigurationError(
                    option: "terminator_key", message: "terminator key \"\(text)\" must name one key")
            }
            self = .code(code)
        }
    }

    /// The key as the file writes it.
    public var text: String {
        switch self {
        case .enter: "enter"
        case .tab: "tab"
        case .code(let code): "\(code)"
        }
    }
}

/// A USB HID point-of-sale scale or scanner (`transport: usb-hid`): which device, which interface.
public struct USBHIDPortSettings: Sendable, Hashable {
    /// Vendor and product id, narrowed by serial number and/or port path (`usb`, `serial`, `usb_path`).
    public var match: USBDeviceMatch
    /// The HID interface to claim (`interface`).
    public var interface: Int

    /// Creates settings; the interface defaults to 0.
    public init(match: USBDeviceMatch, interface: Int = 0) {
        self.match = match
        self.interface = interface
    }
}

/// A device behind a serial device server, or a reader speaking TCP (`transport: tcp`): where it listens.
public struct TCPPortSettings: Sendable, Hashable {
    /// The device server's address and port (`address`).
    public var endpoint: TCPEndpoint
    /// How long one connection attempt may take (`connect_timeout_ms`).
    public var connectTimeoutMilliseconds: Int
    /// Poll interval for polled protocols, milliseconds (`poll_interval_ms`).
    public var pollIntervalMilliseconds: Int

    /// Creates settings; the defaults are a 3 s connect timeout and polls every 200 ms.
    public init(endpoint: TCPEndpoint, connectTimeoutMilliseconds: Int = 3000, pollIntervalMilliseconds: Int = 200) {
        self.endpoint = endpoint
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.pollIntervalMilliseconds = pollIntervalMilliseconds
    }
}
