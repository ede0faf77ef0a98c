/// How to open and configure one serial port: its path and the line settings from the device's manual.
///
/// Settings are data (like Odoo's `name, baudrate, bytesize, parity …` records), validated whole by
/// `validate()` before a port is opened, so a typo in the configuration fails at start-up with the key to fix.
public struct SerialSettings: Sendable, Hashable {
    /// Parity bit mode.
    public typealias Parity = SerialLine.Parity
    /// Flow control mode.
    public typealias FlowControl = SerialLine.FlowControl
    /// Which code opens and configures the port.
    public typealias Driver = SerialLine.Driver

    /// Device path. Prefer a stable name such as `/dev/serial/by-id/…`, `/dev/serial/by-path/…`
    /// or a udev symlink like `/dev/gw/scale0`: `/dev/ttyUSB0` numbering changes between boots.
    public var path: String
    /// How the line is set.
    public var line: SerialLine

    /// The port at `path` with `line`.
    public init(path: String, line: SerialLine) {
        self.path = path
        self.line = line
    }

    /// Creates settings; the defaults are 9600 8n1 without flow control, the usual scale setting.
    public init(
        path: String, baud: Int = 9600, dataBits: Int = 8, parity: Parity = .none, stopBits: Int = 1,
        flowControl: FlowControl = .none, driver: Driver = .auto
    ) {
        self.init(
            path: path,
            line: SerialLine(
                baud: baud, dataBits: dataBits, parity: parity, stopBits: stopBits, flowControl: flowControl,
                driver: driver))
    }

    /// Checks every setting; the error names the offending key and the accepted values.
    public func validate() throws(DeviceError) {
        if path.isEmpty {
            throw .invalidSetting(
                path: path, "serial setting 'path' is empty; give the device path, e.g. /dev/serial/by-id/…")
        }
        try line.validate(path: path)
    }

    /// A short human-readable form such as "9600 8N1", for logs and status pages.
    public var lineDescription: String { line.lineDescription }
}
