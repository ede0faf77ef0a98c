import Foundation

/// A sysfs tree in a temporary directory, shaped like the kernel's: class links under
/// /sys/class/tty pointing into /sys/devices, USB devices with idVendor/idProduct/serial.
struct FakeSysfs {
    /// The root (pass to `SysfsTree(root:)`).
    let root: TemporaryDirectory

    /// An empty tree.
    init() throws { root = try TemporaryDirectory() }

    /// Writes `text` to `path` under the root, creating directories.
    func write(_ path: String, _ text: String) throws {
        let full = root.path + path
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    /// Adds a USB-serial adapter on USB port `port` (e.g. "1-1.3") whose tty is `tty`.
    func addAdapter(tty: String, port: String, vid: String, pid: String, serial: String?, driver: String) throws {
        let device = "/sys/devices/pci0000:00/0000:00:14.0/usb1/\(port)"
        try write(device + "/idVendor", vid + "\n")
        try write(device + "/idProduct", pid + "\n")
        if let serial { try write(device + "/serial", serial + "\n") }
        try write(device + "/product", "USB Serial\n")
        let interface = device + "/\(port):1.0"
        try write(interface + "/bInterfaceNumber", "00\n")
        try write(interface + "/\(tty)/uevent", "DRIVER=\(driver)\n")
        let classDevice = interface + "/\(tty)/tty/\(tty)"
        try write(classDevice + "/uevent", "MAJOR=188\nMINOR=0\nDEVNAME=\(tty)\n")
        try link(tty: tty, to: classDevice)
    }

    /// Adds a virtual console, which the scan must skip.
    func addVirtualTTY(_ tty: String) throws {
        try write("/sys/devices/virtual/tty/\(tty)/uevent", "DEVNAME=\(tty)\n")
        try link(tty: tty, to: "/sys/devices/virtual/tty/\(tty)")
    }

    /// Unplugs a tty: its class link goes (the kernel removes the whole subtree; the link is what the scan reads).
    func removeTTY(_ tty: String) throws {
        try FileManager.default.removeItem(atPath: root.path + "/sys/class/tty/\(tty)")
    }

    /// Points /sys/class/tty/<tty> at `target` with a relative link, as the kernel does.
    private func link(tty: String, to target: String) throws {
        try FileManager.default.createDirectory(
            atPath: root.path + "/sys/class/tty", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: root.path + "/sys/class/tty/\(tty)", withDestinationPath: "../.." + target.dropFirst(4))
    }
}
