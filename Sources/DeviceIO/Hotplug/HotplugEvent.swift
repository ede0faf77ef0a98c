/// A device arriving, leaving or changing, as the kernel (or udevd) announces it in a uevent.
public struct HotplugEvent: Sendable, Hashable, CustomStringConvertible {
    /// The uevent ACTION.
    public enum Action: Sendable, Hashable, CustomStringConvertible {
        /// A device appeared.
        case add
        /// A device went away.
        case remove
        /// Something about a device changed.
        case change
        /// A device was renamed or moved in the tree.
        case move
        /// A driver bound to the device.
        case bind
        /// A driver let go of the device.
        case unbind
        /// An action this code does not know.
        case other(String)

        /// Parses the ACTION value.
        public init(_ text: String) {
            switch text {
            case "add": self = .add
            case "remove": self = .remove
            case "change": self = .change
            case "move": self = .move
            case "bind": self = .bind
            case "unbind": self = .unbind
            default: self = .other(text)
            }
        }

        /// The ACTION value.
        public var description: String {
            switch self {
            case .add: "add"
            case .remove: "remove"
            case .change: "change"
            case .move: "move"
            case .bind: "bind"
            case .unbind: "unbind"
            case .other(let text): text
            }
        }
    }

    /// What happened.
    public var action: Action
    /// Kernel device path without /sys, e.g. "/devices/…/ttyUSB0/tty/ttyUSB0".
    public var devicePath: String
    /// Subsystem, e.g. "tty", "usb", "input", "hidraw".
    public var subsystem: String
    /// Device node, e.g. "/dev/ttyUSB0", when the device has one.
    public var deviceNode: String?
    /// Every KEY=value property of the uevent.
    public var properties: [String: String]

    /// Creates an event.
    public init(
        action: Action, devicePath: String, subsystem: String, deviceNode: String? = nil,
        properties: [String: String] = [:]
    ) {
        self.action = action
        self.devicePath = devicePath
        self.subsystem = subsystem
        self.deviceNode = deviceNode
        self.properties = properties
    }

    /// Parses one netlink uevent datagram: the kernel's `add@/devices/…\0KEY=value\0…` form or udevd's
    /// `libudev\0` form (a header whose fields give the offset of the same NUL-separated properties).
    /// Nil when it is neither or lacks ACTION, DEVPATH or SUBSYSTEM.
    public init?(datagram: [UInt8]) {
        var body = datagram[...]
        let libudevPrefix: [UInt8] = Array("libudev".utf8) + [0]
        if datagram.starts(with: libudevPrefix) {
            // struct udev_monitor_netlink_header: prefix[8], magic, header_size, properties_off, properties_len (u32 each).
            guard datagram.count >= 24 else { return nil }
            func field(_ at: Int) -> Int {
                // properties_off/len are in host byte order (little-endian on every gateway target).
                Int(datagram[at]) | Int(datagram[at + 1]) << 8 | Int(datagram[at + 2]) << 16 | Int(datagram[at + 3])
                    << 24
            }
            let offset = field(16)
            let length = field(20)
            guard offset >= 24, length >= 0, offset + length <= datagram.count else { return nil }
            body = datagram[offset..<(offset + length)]
        }
        var properties: [String: String] = [:]
        for field in body.split(separator: 0) {
            let text = String(decoding: field, as: UTF8.self)
            guard let equals = text.firstIndex(of: "=") else { continue }  // the "add@/devices/…" summary line
            properties[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        guard let action = properties["ACTION"], let path = properties["DEVPATH"],
            let subsystem = properties["SUBSYSTEM"]
        else { return nil }
        let node = properties["DEVNAME"].map { $0.hasPrefix("/") ? $0 : "/dev/" + $0 }
        self.init(
            action: Action(action), devicePath: path, subsystem: subsystem, deviceNode: node, properties: properties)
    }

    /// "add tty /dev/ttyUSB0 (/devices/…)".
    public var description: String {
        "\(action) \(subsystem) \(deviceNode ?? "-") (\(devicePath))"
    }
}
