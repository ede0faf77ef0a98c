import DeviceIO
import DeviceProtocols
import TraceModel

/// One configured device: what it is, the protocol it speaks, how it is connected (`port`, one type per
/// transport) and how its bytes are decoded (`decoder`). Keys and defaults: docs/config.md, `devices[]`.
public struct DeviceSettings: Sendable, Hashable {
    /// What the device is for: its protocol's kind (scale, scanner, rfid).
    public typealias Kind = ProtocolDescriptor.Kind

    /// Device id, referenced by stations.
    public var id: String
    /// Kind (always the protocol's kind).
    public var kind: Kind
    /// Protocol name (`tracegate decode --list`).
    public var protocolName: String
    /// Run an in-process simulator on a pseudo-terminal instead of opening the port (demo, bench; serial only).
    public var simulate: Bool
    /// How the device is connected, with that transport's settings.
    public var port: DevicePort
    /// Decoder settings (stable frames, unit, terminator, poll command, card reader options).
    public var decoder: DeviceDecoderSettings
    /// Silence after which the device is reopened, milliseconds (nil: 5 s for serial scales, never otherwise).
    public var silenceTimeoutMilliseconds: Int?
    /// RFID/card readers: a tag seen again within this many milliseconds is the same read.
    public var duplicateWindowMilliseconds: Int

    /// Creates device settings; the defaults are the file's.
    public init(
        id: String, kind: Kind, protocolName: String, port: DevicePort, simulate: Bool = false,
        decoder: DeviceDecoderSettings = DeviceDecoderSettings(), silenceTimeoutMilliseconds: Int? = nil,
        duplicateWindowMilliseconds: Int = 2000
    ) {
        self.id = id
        self.kind = kind
        self.protocolName = protocolName
        self.port = port
        self.simulate = simulate
        self.decoder = decoder
        self.silenceTimeoutMilliseconds = silenceTimeoutMilliseconds
        self.duplicateWindowMilliseconds = duplicateWindowMilliseconds
    }

    /// A serial device speaking `descriptor`'s protocol on its default line (kind and line from the catalogue),
    /// as a file with only `id`, `protocol` and `path` (or `simulate: true`) gives it.
    public init(id: String, protocol descriptor: ProtocolDescriptor, path: String, simulate: Bool = false) {
        self.init(
            id: id, kind: descriptor.kind, protocolName: descriptor.name,
            port: .serial(SerialPortSettings(identity: .path(path), line: SerialLine(descriptor.defaultLine))),
            simulate: simulate)
    }

    /// The transport word of `port`.
    public var transport: DeviceTransport { port.transport }

    /// Where the device is, for status and listings: the serial path (or its adapter's USB match), the evdev
    /// path, `tcp://host:port`; empty for USB HID devices, which are found by their match.
    public var path: String {
        switch port {
        case .serial(let serial): serial.identity.description
        case .evdev(let input): input.path
        case .usbHID: ""
        case .tcp(let tcp): "tcp://\(tcp.endpoint)"
        }
    }

    /// How the device is found: a serial device by its path or adapter match, others by `path`.
    public var identity: DeviceIdentity {
        if case .serial(let serial) = port { serial.identity } else { .path(path) }
    }

    /// The decoder options these settings stand for.
    public var decoderOptions: DecoderOptions { decoder.options }
}

/// How a device is connected to the gateway: the `transport` key.
public enum DeviceTransport: String, Sendable, Hashable, CaseIterable {
    /// A serial port or USB-serial adapter (libserialport or termios).
    case serial
    /// A Linux input device (keyboard wedge) under /dev/input, read through evdev and grabbed.
    case evdev
    /// A USB HID point-of-sale scale or scanner read through libusb (docs/usb-devices.md).
    case usbHID = "usb-hid"
    /// A device behind a serial device server, or a reader speaking TCP (docs/tcp-devices.md).
    case tcp
}

/// A device's connection with the settings of its transport; each transport's keys live in its own type, so a
/// serial setting cannot be given to a USB HID device.
public enum DevicePort: Sendable, Hashable {
    /// A serial port or USB-serial adapter (`transport: serial`, the default).
    case serial(SerialPortSettings)
    /// A keyboard wedge under /dev/input (`transport: evdev`).
    case evdev(InputPortSettings)
    /// A USB HID point-of-sale device (`transport: usb-hid`).
    case usbHID(USBHIDPortSettings)
    /// A device behind a serial device server (`transport: tcp`).
    case tcp(TCPPortSettings)

    /// The serial settings, for a serial port.
    public var serial: SerialPortSettings? { if case .serial(let settings) = self { settings } else { nil } }
    /// The evdev settings, for a keyboard wedge.
    public var input: InputPortSettings? { if case .evdev(let settings) = self { settings } else { nil } }
    /// The USB HID settings, for a USB HID device.
    public var usbHID: USBHIDPortSettings? { if case .usbHID(let settings) = self { settings } else { nil } }
    /// The TCP settings, for a device behind a device server.
    public var tcp: TCPPortSettings? { if case .tcp(let settings) = self { settings } else { nil } }

    /// The transport word of this port.
    public var transport: DeviceTransport {
        switch self {
        case .serial: .serial
        case .evdev: .evdev
        case .usbHID: .usbHID
        case .tcp: .tcp
        }
    }
}
