/// A tty found in sysfs, with the USB device it belongs to when there is one.
public struct DetectedSerialPort: Sendable, Hashable {
    /// Kernel name, e.g. "ttyUSB0".
    public var name: String
    /// Device node, e.g. "/dev/ttyUSB0" (it changes with plug order: show it, never configure it).
    public var devicePath: String
    /// The sysfs device path without the sysfs root, e.g. "/devices/pci0000:00/…/1-1.3:1.0/ttyUSB0/tty/ttyUSB0".
    public var sysfsPath: String
    /// The kernel driver of the port's parent (e.g. "ch341-uart", "cp210x"), when sysfs says.
    public var driver: String?
    /// The USB interface number (multi-port adapters), when the port sits on a USB interface.
    public var interfaceNumber: Int?
    /// The USB device (adapter) the port belongs to; nil for on-board UARTs and virtual ttys.
    public var usb: USBDeviceInfo?

    /// Creates a detected port.
    public init(
        name: String, devicePath: String, sysfsPath: String, driver: String? = nil, interfaceNumber: Int? = nil,
        usb: USBDeviceInfo? = nil
    ) {
        self.name = name
        self.devicePath = devicePath
        self.sysfsPath = sysfsPath
        self.driver = driver
        self.interfaceNumber = interfaceNumber
        self.usb = usb
    }
}

/// What sysfs says about a USB device (the usb_device node: idVendor, idProduct, serial …).
public struct USBDeviceInfo: Sendable, Hashable {
    /// Vendor id, lowercase hex.
    public var vendorID: String
    /// Product id, lowercase hex.
    public var productID: String
    /// Serial number; nil for chips without one (CH340, PL2303).
    public var serial: String?
    /// Manufacturer string.
    public var manufacturer: String?
    /// Product string.
    public var product: String?
    /// Port path: the usb_device's sysfs name, e.g. "1-1.3".
    public var port: String

    /// Creates the info.
    public init(
        vendorID: String, productID: String, serial: String? = nil, manufacturer: String? = nil,
        product: String? = nil, port: String
    ) {
        self.vendorID = vendorID.lowercased()
        self.productID = productID.lowercased()
        self.serial = serial
        self.manufacturer = manufacturer
        self.product = product
        self.port = port
    }

    /// The configuration snippet that names this device stably: serial when it has one, else the port.
    public var suggestedMatch: USBSerialMatch {
        USBSerialMatch(
            vendorID: vendorID, productID: productID, serial: serial, port: serial == nil ? port : nil)
    }
}
