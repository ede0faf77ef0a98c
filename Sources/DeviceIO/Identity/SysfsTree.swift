import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads serial ports and USB devices out of sysfs, under a configurable root.
///
/// Why a root: tests build a fake sysfs in a temporary directory, and umockdev's sandbox redirects
/// `/sys` itself, so production code and tests walk the same tree with the same code. Nothing here
/// needs udev: it reads only the kernel's own files (class links, `idVendor`, `serial`, `uevent`).
public struct SysfsTree: Sendable, Hashable {
    /// Prefix put in front of `/sys/…` (empty or "/" for the real sysfs).
    public var root: String

    /// A tree under `root` ("" or "/" for the real one).
    public init(root: String = "") {
        self.root = root == "/" ? "" : (root.hasSuffix("/") ? String(root.dropLast()) : root)
    }

    /// Every tty with a parent device (virtual consoles and ptys are skipped), sorted by name.
    public func serialPorts() -> [DetectedSerialPort] {
        let classDirectory = "/sys/class/tty"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root + classDirectory) else {
            return []
        }
        var ports: [DetectedSerialPort] = []
        for name in names.sorted() {
            guard let devicePath = resolveLink(classDirectory + "/" + name) else { continue }
            // Consoles, ptys and other virtual ttys live under /devices/virtual and have no hardware.
            if devicePath.contains("/devices/virtual/") { continue }
            ports.append(describePort(name: name, sysfsPath: devicePath))
        }
        return ports
    }

    /// Every USB device (not interface) on the buses, e.g. to find HID scales by VID:PID.
    public func usbDevices() -> [USBDeviceInfo] {
        let directory = "/sys/bus/usb/devices"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root + directory) else { return [] }
        return names.sorted().compactMap { name in
            // Interfaces are named "1-1.3:1.0"; root hubs "usb1".
            guard !name.contains(":"), !name.hasPrefix("usb") else { return nil }
            let path = resolveLink(directory + "/" + name) ?? directory + "/" + name
            return usbInfo(at: path)
        }
    }

    /// Fills in one port: the USB device and interface above it, and the port's driver.
    private func describePort(name: String, sysfsPath: String) -> DetectedSerialPort {
        var port = DetectedSerialPort(name: name, devicePath: "/dev/" + name, sysfsPath: sysfsPath)
        if let devname = ueventValue("DEVNAME", in: sysfsPath) {
            port.devicePath = devname.hasPrefix("/") ? devname : "/dev/" + devname
        }
        var directory = Self.parent(of: sysfsPath)
        // "…/ttyUSB0/tty/ttyUSB0": the port device is the parent of the class directory "tty".
        if directory.hasSuffix("/tty") { directory = Self.parent(of: directory) }
        port.driver = ueventValue("DRIVER", in: directory) ?? linkName(directory + "/driver")
        while directory.count > "/sys/devices".count, directory.hasPrefix("/sys/devices") {
            if port.interfaceNumber == nil, let number = attribute("bInterfaceNumber", in: directory) {
                port.interfaceNumber = Int(number, radix: 16)
            }
            if let info = usbInfo(at: directory) {
                port.usb = info
                break
            }
            directory = Self.parent(of: directory)
        }
        return port
    }

    /// The USB device at `directory`, if it is one (it has idVendor and idProduct).
    private func usbInfo(at directory: String) -> USBDeviceInfo? {
        guard let vendor = attribute("idVendor", in: directory), let product = attribute("idProduct", in: directory)
        else { return nil }
        return USBDeviceInfo(
            vendorID: vendor, productID: product, serial: attribute("serial", in: directory),
            manufacturer: attribute("manufacturer", in: directory), product: attribute("product", in: directory),
            port: String(directory.split(separator: "/").last ?? ""))
    }

    /// A sysfs attribute's first line, trimmed; nil when absent or empty.
    func attribute(_ name: String, in directory: String) -> String? {
        guard let data = FileManager.default.contents(atPath: root + directory + "/" + name) else { return nil }
        let text = String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A KEY=value line of `directory/uevent`.
    private func ueventValue(_ key: String, in directory: String) -> String? {
        guard let data = FileManager.default.contents(atPath: root + directory + "/uevent") else { return nil }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix(key + "=") {
            return String(line.dropFirst(key.count + 1))
        }
        return nil
    }

    /// The target of a symlink under the root, as written.
    private func readLink(_ path: String) -> String? { AbsolutePath.linkTarget(root + path) }

    /// The sysfs path (without the root) a symlink under `directory` points to.
    private func resolveLink(_ path: String) -> String? {
        guard let target = readLink(path) else { return nil }
        guard target.hasPrefix("/") else { return AbsolutePath.normalize(Self.parent(of: path) + "/" + target) }
        // Absolute targets (a sandbox's testbed may write them) point into the root: keep the /sys/… part.
        guard let sys = target.range(of: "/sys/") else { return AbsolutePath.normalize(target) }
        return AbsolutePath.normalize(String(target[sys.lowerBound...]))
    }

    /// The last component of a symlink's target (e.g. a `driver` link's driver name).
    private func linkName(_ path: String) -> String? {
        readLink(path).flatMap { $0.split(separator: "/").last.map(String.init) }
    }

    /// `path` without its last component.
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}
