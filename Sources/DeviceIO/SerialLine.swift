import DeviceProtocols

/// How a serial line is set: the settings from the device's manual plus the driver choice, whichever path the
/// device is found at. `SerialSettings` pairs it with a path; the gateway's configuration with a device identity.
public struct SerialLine: Sendable, Hashable {
    /// Parity bit mode.
    public enum Parity: String, Sendable, Hashable, CaseIterable {
        /// No parity bit (the "n" of 8n1; every scale in devices.md §1 uses this).
        case none
        /// Odd parity.
        case odd
        /// Even parity.
        case even
        /// Parity bit always 1.
        case mark
        /// Parity bit always 0.
        case space
    }

    /// Flow control mode.
    public enum FlowControl: String, Sendable, Hashable, CaseIterable {
        /// No flow control (what scales and scanners expect).
        case none
        /// Software flow control with XON/XOFF bytes.
        case xonxoff
        /// Hardware flow control on the RTS/CTS lines.
        case rtscts
        /// Hardware flow control on the DTR/DSR lines (libserialport only; termios cannot do it).
        case dtrdsr
    }

    /// Which code opens and configures the port.
    public enum Driver: String, Sendable, Hashable, CaseIterable {
        /// termios for pseudo-terminals (path resolves to /dev/pts/*), libserialport for everything else.
        case auto
        /// libserialport: the production path for every real device (needs /sys/class/tty/<name>).
        case libserialport
        /// Plain termios: for pseudo-terminals, which libserialport refuses (testing.md §Serial).
        case termios
    }

    /// Baud rate, e.g. 9600.
    public var baud: Int
    /// Data bits per character, 5 to 8.
    public var dataBits: Int
    /// Parity mode.
    public var parity: Parity
    /// Stop bits, 1 or 2.
    public var stopBits: Int
    /// Flow control mode.
    public var flowControl: FlowControl
    /// Driver choice; `auto` unless you are debugging the transport itself.
    public var driver: Driver

    /// Creates a line; the defaults are 9600 8n1 without flow control, the usual scale setting.
    public init(
        baud: Int = 9600, dataBits: Int = 8, parity: Parity = .none, stopBits: Int = 1,
        flowControl: FlowControl = .none,
        driver: Driver = .auto
    ) {
        self.baud = baud
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
        self.flowControl = flowControl
        self.driver = driver
    }

    /// The line a protocol's devices ship with (`ProtocolDescriptor.defaultLine`), without flow control.
    public init(_ line: SerialLineSettings) {
        let parity: Parity =
            switch line.parity {
            case .none: .none
            case .even: .even
            case .odd: .odd
            }
        self.init(baud: line.baud, dataBits: line.dataBits, parity: parity, stopBits: line.stopBits)
    }

    /// Checks every setting for the port at `path`; the error names the offending key and the accepted values.
    public func validate(path: String) throws(DeviceError) {
        if baud <= 0 || baud > 4_000_000 {
            throw .invalidSetting(path: path, "serial setting 'baud' is \(baud); use the device's rate, e.g. 9600")
        }
        if !(5...8).contains(dataBits) {
            throw .invalidSetting(path: path, "serial setting 'dataBits' is \(dataBits); it must be 5, 6, 7 or 8")
        }
        if stopBits != 1 && stopBits != 2 {
            throw .invalidSetting(path: path, "serial setting 'stopBits' is \(stopBits); it must be 1 or 2")
        }
        if driver == .termios && flowControl == .dtrdsr {
            throw .invalidSetting(
                path: path, "flow control 'dtrdsr' needs driver 'libserialport'; termios has no DTR/DSR flow control")
        }
    }

    /// A short human-readable form such as "9600 8N1", for logs and status pages.
    public var lineDescription: String {
        let parityLetter: String
        switch parity {
        case .none: parityLetter = "N"
        case .odd: parityLetter = "O"
        case .even: parityLetter = "E"
        case .mark: parityLetter = "M"
        case .space: parityLetter = "S"
        }
        let flow = flowControl == .none ? "" : " \(flowControl.rawValue)"
        return "\(baud) \(dataBits)\(parityLetter)\(stopBits)\(flow)"
    }
}
