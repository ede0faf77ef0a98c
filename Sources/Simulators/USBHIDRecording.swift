import DeviceProtocols

/// The umockdev files of a USB HID POS scale or scanner (devices.md §2, §3b) sending the given readings or
/// scans: a device description (sysfs attributes, USB descriptors) and a usbdevfs ioctl replay of its interrupt
/// IN reports. Replayed with `umockdev-run -d usb.umockdev -i /dev/bus/usb/001/003=usb.ioctl -- …`, they drive
/// the production libusb transport without hardware (testing.md: records must be `USBDEVFS_REAPURBNDELAY`; the
/// replay starts over when it reaches the end).
///
/// There is no pseudo-terminal stand-in for a USB device (that would need a kernel USB gadget), so this is the
/// simulator for the two HID POS protocols.
public struct USBHIDRecording: Sendable, Hashable {
    /// Which kind of HID POS device.
    public enum Device: String, Sendable, Hashable, CaseIterable {
        /// A HID POS scale (usage page 0x8D), report 3 on interrupt IN endpoint 0x82.
        case scale = "hid-pos-scale"
        /// A HID POS barcode scanner (usage page 0x8C), 64-byte report 2 on interrupt IN endpoint 0x83.
        case scanner = "hid-pos-scanner"
    }

    /// The device node the replay serves (bus 1, device 3).
    public static let node = "/dev/bus/usb/001/003"

    /// The kind of device.
    public var device: Device
    /// USB serial number reported in sysfs.
    public var serialNumber: String
    /// The reports sent, in order, each as one interrupt IN transfer.
    public var reports: [[UInt8]]

    /// A scale that first sends a stale report (20 kg, as real scales do right after open; the gateway discards
    /// it), then for each weight one in-motion and one stable report, then a stable zero (the goods taken off).
    /// Weights above 65,535 g do not fit the report at gram resolution and are clamped.
    public static func scale(weights grams: [Int64], serialNumber: String = "SIMSCALE1") -> USBHIDRecording {
        // Kilograms with exponent -3: gram resolution up to 65.535 kg (the 16-bit field), as small postal and
        // retail HID scales report.
        func report(_ grams: Int64, _ status: HIDScaleStatus) -> [UInt8] {
            HIDScaleReportEncoder.report(grams: grams, status: status, unit: .kilogram, exponent: -3)
        }
        var reports = [report(20_000, .stable)]
        for weight in grams {
            reports.append(report(weight / 2, .inMotion))
            reports.append(report(weight, .stable))
            reports.append(report(0, .stableAtZero))
        }
        return USBHIDRecording(device: .scale, serialNumber: serialNumber, reports: reports)
    }

    /// A scanner sending each barcode once (continued reports for long ones), with its AIM identifier.
    public static func scanner(codes: [(data: String, symbology: String?)], serialNumber: String = "SIMSCAN1")
        -> USBHIDRecording
    {
        let reports = codes.flatMap {
            HIDScannerReportEncoder.reports(data: Array($0.data.utf8), symbology: $0.symbology)
        }
        return USBHIDRecording(device: .scanner, serialNumber: serialNumber, reports: reports)
    }

    /// Vendor and product id: a DYMO M25 scale (0922:8003, devices.md §2) or a Honeywell HID POS scanner (0c2e:0b81).
    public var vendorProduct: (vendor: String, product: String) {
        device == .scale ? ("0922", "8003") : ("0c2e", "0b81")
    }

    /// The `usb.umockdev` device description.
    public var deviceDescription: String {
        let (vendor, product) = vendorProduct
        let descriptors =
            device == .scale
            ? "1201100100000008220903800001010203010902290001010080320904000002030000000921110100012234000705820308000A"
                + "0705010308000A"
            : "12011001000000082E0C810B0001010203010902220001010080320904000001030000000921110100012290000705830340000A"
        return """
            P: /devices/pci0000:00/0000:00:14.0/usb1/1-1
            N: bus/usb/001/003
            E: DEVNAME=/dev/bus/usb/001/003
            E: DEVTYPE=usb_device
            E: DRIVER=usb
            E: SUBSYSTEM=usb
            E: BUSNUM=001
            E: DEVNUM=003
            E: PRODUCT=\(Int(vendor, radix: 16).map { String($0, radix: 16) } ?? vendor)/\(Int(product, radix: 16).map { String($0, radix: 16) } ?? product)/100
            A: idVendor=\(vendor)
            A: idProduct=\(product)
            A: busnum=1
            A: devnum=3
            A: devpath=1
            A: speed=12
            A: serial=\(serialNumber)
            A: manufacturer=TraceGate
            A: product=Simulated \(device == .scale ? "HID POS scale" : "HID POS scanner")
            H: descriptors=\(descriptors)

            """
    }

    /// The `usb.ioctl` replay: one reaped interrupt IN URB per report.
    public var ioctlReplay: String {
        let endpoint = device == .scale ? 130 : 131  // 0x82 / 0x83
        let buffer = device == .scale ? 8 : 64
        var lines = ["@DEV \(Self.node)"]
        for report in reports {
            let hex = report.map { byte in
                let digits = String(byte, radix: 16, uppercase: true)
                return byte < 16 ? "0" + digits : digits
            }.joined()
            lines.append("USBDEVFS_REAPURBNDELAY 0 1 \(endpoint) 0 0 \(buffer) \(report.count) 0 \(hex)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
