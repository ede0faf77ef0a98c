import DeviceIO
import Yams

/// How the gateway notices devices arriving and leaving (docs/devices-identity.md).
public struct HotplugSettings: Sendable, Hashable {
    /// Listen to the kernel's netlink uevents (works without udevd). Default true.
    public var netlink = true
    /// Time between sysfs rescans, the fallback where no uevent arrives; nil turns it off. Default 2 s.
    public var rescanIntervalMilliseconds: Int? = 2000

    /// The defaults.
    public init() {}
}

extension GatewayConfiguration {
    /// Parses the optional top-level `hotplug:` section.
    static func parseHotplug(_ node: Node?, reader r: ConfigurationReader) -> HotplugSettings {
        var settings = HotplugSettings()
        guard let m = r.mapping(node, key: "hotplug", section: ConfigurationSchema.hotplug) else {
            return settings
        }
        settings.netlink = r.bool(m["netlink"], key: "hotplug.netlink") ?? true
        if let interval = r.integer(m["rescan_interval_ms"], key: "hotplug.rescan_interval_ms", range: 0...600_000) {
            if (1..<200).contains(interval) {
                r.report(
                    "must be 0 (off) or at least 200; a rescan reads sysfs and more often only costs CPU",
                    key: "hotplug.rescan_interval_ms", at: m["rescan_interval_ms"])
            }
            settings.rescanIntervalMilliseconds = interval == 0 ? nil : Int(interval)
        }
        return settings
    }

    /// Parses a device's `usb:` mapping: `{vid: "1a86", pid: "7523", serial: "…", port: "1-1.3", interface: 0}`.
    static func parseUSBMatch(_ node: Node?, key: String, reader r: ConfigurationReader) -> USBSerialMatch? {
        guard let node else { return nil }
        if node.scalar != nil {
            r.report(
                "on a serial device usb: names its USB-serial adapter as a mapping, e.g. "
                    + "{vid: \"1a86\", pid: \"7523\", port: \"1-1.3\"}; the \"VID:PID\" form is for transport: usb-hid",
                key: key, at: node)
            return nil
        }
        guard let m = r.mapping(node, key: key, section: ConfigurationSchema.serialAdapter) else {
            return nil
        }
        func hexID(_ field: String) -> String? {
            guard let value = r.string(m[field], key: "\(key).\(field)", required: true, parent: node) else {
                return nil
            }
            let trimmed = value.lowercased().hasPrefix("0x") ? String(value.dropFirst(2)) : value
            guard USBSerialMatch.isValidID(trimmed) else {
                r.report(
                    "must be 4 hex digits as `lsusb` or `tracegate devices` shows them, quoted (e.g. \"1a86\"); got '\(value)'",
                    key: "\(key).\(field)", at: m[field])
                return nil
            }
            return trimmed
        }
        let vendor = hexID("vid")
        let product = hexID("pid")
        let serial = r.string(m["serial"], key: "\(key).serial")
        let port = r.string(m["port"], key: "\(key).port")
        if let port, port.range(of: #"^\d+-\d+(\.\d+)*$"#, options: .regularExpression) == nil {
            r.report(
                "must be a USB port path such as 1-1.3 (bus-port.hubport, see `tracegate devices`); got '\(port)'",
                key: "\(key).port", at: m["port"])
        }
        let interface = r.integer(m["interface"], key: "\(key).interface", range: 0...255).map { Int($0) }
        guard let vendor, let product else { return nil }
        if serial == nil, port == nil, let model = KnownUSBDevice.model(vendorID: vendor, productID: product),
            !model.hasSerialNumber
        {
            r.note(
                "\(model.name) adapters have no serial number, so two of them cannot be told apart; add port: (the USB port path from `tracegate devices`)",
                key: key, at: node)
        }
        return USBSerialMatch(vendorID: vendor, productID: product, serial: serial, port: port, interface: interface)
    }
}
