/// How a configured serial device is found each time it is opened. Never by `ttyUSBn` number.
///
/// - `path`: a stable link — `/dev/serial/by-id/…` (adapters with a serial number),
///   `/dev/serial/by-path/…` (cheap CH340/PL2303 adapters without one), or `/dev/tracegate/…`
///   from udev/99-tracegate.rules. The kernel follows the link at every open, so a renamed tty behind
///   it is found again.
/// - `usb`: vendor and product id plus serial number and/or USB port path, matched against sysfs at
///   every open attempt (works without udev, e.g. in containers, and where by-id links collide).
public enum DeviceIdentity: Sendable, Hashable, CustomStringConvertible {
    /// A device node or a link to one.
    case path(String)
    /// A USB adapter matched in sysfs.
    case usb(USBSerialMatch)

    /// The device node to open now, given the ports found in sysfs.
    ///
    /// Throws a retryable error naming the identity when nothing matches (not plugged in yet) or when
    /// several adapters match (two CH340s without serials: the message says to add `port`); the
    /// supervisor keeps retrying, so unplugging the extra adapter also fixes it.
    public func resolve(in ports: [DetectedSerialPort]) throws(DeviceError) -> String {
        switch self {
        case .path(let path):
            return path
        case .usb(let match):
            let found = ports.filter(match.matches).sorted { $0.name < $1.name }
            guard let first = found.first else {
                throw .unavailable(
                    path: description,
                    "waiting for \(match): no such USB serial adapter is plugged in (`tracegate devices` lists what is)"
                )
            }
            guard found.count == 1 else {
                let where_ = found.map { "\($0.devicePath) at port \($0.usb?.port ?? "?")" }.joined(separator: ", ")
                throw .unavailable(
                    path: description,
                    "\(match) matches \(found.count) ports (\(where_)); add the serial number or the USB port (port: \"\(first.usb?.port ?? "1-1")\") to tell them apart"
                )
            }
            return first.devicePath
        }
    }

    /// The identity as configured, for status and messages.
    public var description: String {
        switch self {
        case .path(let path): path
        case .usb(let match): match.description
        }
    }

    /// True for kernel names such as /dev/ttyUSB0 or /dev/ttyACM1, whose numbers follow plug order.
    public static func isUnstableKernelName(_ path: String) -> Bool {
        for prefix in ["/dev/ttyUSB", "/dev/ttyACM"] where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            return !rest.isEmpty && rest.allSatisfy(\.isNumber)
        }
        return false
    }
}
