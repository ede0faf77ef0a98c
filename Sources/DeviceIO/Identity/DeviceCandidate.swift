import Foundation

/// A device on this machine the gateway could use: a USB-serial port, a keyboard-like input device
/// (keyboard-wedge scanner or card reader) or a HID POS scale. Shown by `tracegate devices`.
public struct DeviceCandidate: Sendable, Hashable, Codable {
    /// "usb-serial", "serial", "input-keyboard" or "hid-scale".
    public var kind: String
    /// The device node, e.g. "/dev/ttyUSB0" or "/dev/input/event3" (nil for a HID scale seen only on the bus).
    public var node: String?
    /// Model name from the known-device table (devices.md §2, §5), when known.
    public var model: String?
    /// USB vendor id.
    public var vid: String?
    /// USB product id.
    public var pid: String?
    /// USB serial number.
    public var serial: String?
    /// USB port path, e.g. "1-1.3".
    public var port: String?
    /// Stable links to the node (/dev/serial/by-id/…, by-path, /dev/tracegate/…, /dev/input/by-id/…).
    public var links: [String]
    /// What to put in the configuration to name this device stably.
    public var suggestion: String?

    /// Creates a candidate.
    public init(kind: String, node: String?, links: [String] = []) {
        self.kind = kind
        self.node = node
        self.links = links
    }

    /// Every candidate on this machine: ttys with a USB parent (or a by-id/by-path link), keyboard
    /// input devices under /dev/input/by-id, and HID POS scales by VID:PID. `devRoot` prefixes /dev (tests).
    public static func scan(sysfs: SysfsTree = SysfsTree(), devRoot: String = "") -> [DeviceCandidate] {
        let serialLinks = links(in: ["/dev/serial/by-id", "/dev/serial/by-path", "/dev/tracegate"], devRoot: devRoot)
        var result: [DeviceCandidate] = []
        for port in sysfs.serialPorts() {
            let linked = serialLinks[port.devicePath] ?? []
            guard port.usb != nil || !linked.isEmpty else { continue }  // on-board UARTs without links: skip
            var candidate = DeviceCandidate(kind: port.usb == nil ? "serial" : "usb-serial", node: port.devicePath)
            candidate.links = linked
            if let usb = port.usb {
                candidate.vid = usb.vendorID
                candidate.pid = usb.productID
                candidate.serial = usb.serial
                candidate.port = usb.port
                candidate.model =
                    KnownUSBDevice.model(vendorID: usb.vendorID, productID: usb.productID)?.name ?? usb.product
                let match = usb.suggestedMatch
                var fields = ["vid: \"\(match.vendorID)\"", "pid: \"\(match.productID)\""]
                if let serial = match.serial { fields.append("serial: \"\(serial)\"") }
                if let port = match.port { fields.append("port: \"\(port)\"") }
                candidate.suggestion = "usb: {\(fields.joined(separator: ", "))}"
            }
            if let stable = linked.first(where: {
                $0.hasPrefix("/dev/tracegate/") || $0.hasPrefix("/dev/serial/by-id/")
            })
                ?? linked.first
            {
                candidate.suggestion = "path: \(stable)" + (candidate.suggestion.map { "  or  \($0)" } ?? "")
            }
            result.append(candidate)
        }
        let inputLinks = links(in: ["/dev/input/by-id"], devRoot: devRoot)
        for (node, linked) in inputLinks.sorted(by: { $0.key < $1.key }) {
            let keyboards = linked.filter { $0.hasSuffix("-event-kbd") }
            guard !keyboards.isEmpty else { continue }
            var candidate = DeviceCandidate(kind: "input-keyboard", node: node, links: keyboards)
            candidate.suggestion = "path: \(keyboards[0])"
            result.append(candidate)
        }
        for usb in sysfs.usbDevices() {
            guard let model = KnownUSBDevice.model(vendorID: usb.vendorID, productID: usb.productID),
                model.kind == .hidScale
            else { continue }
            var candidate = DeviceCandidate(kind: "hid-scale", node: nil)
            candidate.model = model.name
            candidate.vid = usb.vendorID
            candidate.pid = usb.productID
            candidate.serial = usb.serial
            candidate.port = usb.port
            result.append(candidate)
        }
        return result
    }

    /// Links in `directories` grouped by the node they resolve to.
    private static func links(in directories: [String], devRoot: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for directory in directories {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: devRoot + directory) else {
                continue
            }
            for name in names.sorted() {
                let link = directory + "/" + name
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: devRoot + link) else {
                    continue
                }
                let node =
                    target.hasPrefix("/")
                    ? AbsolutePath.normalize(String(target.dropFirst(devRoot.count)))
                    : AbsolutePath.normalize(directory + "/" + target)
                result[node, default: []].append(link)
            }
        }
        return result
    }
}
