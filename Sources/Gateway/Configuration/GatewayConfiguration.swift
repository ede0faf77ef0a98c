import DeviceIO
import DeviceProtocols
import TraceModel
import TradeLogic

/// The whole gateway configuration, validated. Loaded from one YAML file (see `docs/config.md` and
/// `config/tracegate.sample.yaml`).
public struct GatewayConfiguration: Sendable, Hashable {
    /// The node (market, slaughterhouse …) this gateway records for.
    public var node: NodeSettings
    /// Where the ledger lives and how big it may grow.
    public var ledger: LedgerSettings
    /// The trace-code template, e.g. `{operator}{seq:7}`.
    public var traceCodeTemplate: String
    /// The local API for the stall terminal and the CLI.
    public var api: APISettings
    /// Devices by id, in file order.
    public var devices: [DeviceSettings]
    /// Products sold at the node.
    public var catalogue: [CatalogueItem]
    /// Stations (stalls, weighing points), in file order.
    public var stations: [StationSettings]
    /// Delivery to platforms (nil: no uplink, offline only).
    public var uplink: UplinkSettings?
    /// How devices arriving and leaving are noticed.
    public var hotplug = HotplugSettings()
    /// Advice found while loading that does not stop the gateway.
    public var warnings: [ConfigurationIssue] = []

    /// Creates a configuration (normally via `load(yaml:file:)`).
    public init(
        node: NodeSettings, ledger: LedgerSettings, traceCodeTemplate: String, api: APISettings,
        devices: [DeviceSettings], catalogue: [CatalogueItem], stations: [StationSettings]
    ) {
        self.node = node
        self.ledger = ledger
        self.traceCodeTemplate = traceCodeTemplate
        self.api = api
        self.devices = devices
        self.catalogue = catalogue
        self.stations = stations
    }

    /// The device with this id.
    public func device(_ id: String) -> DeviceSettings? { devices.first { $0.id == id } }
}

/// The node (流通节点) and its operators.
public struct NodeSettings: Sendable, Hashable {
    /// Kinds of node (domain.md §1.2, hontek's node types).
    public typealias Kind = NodeKind
    /// 9-digit node code (6-digit area code + 3-digit filing number).
    public var code: String
    /// Display name.
    public var name: String
    /// Node kind.
    public var kind: Kind
    /// Operators (经营者) registered at the node.
    public var operators: [OperatorSettings]
}

/// One operator (stall holder, trader).
public struct OperatorSettings: Sendable, Hashable {
    /// 13-digit operator code.
    public var code: String
    /// Name.
    public var name: String
}

/// Ledger location and limits.
public struct LedgerSettings: Sendable, Hashable {
    /// Path of the SQLite file.
    public var path: String
    /// Largest size the ledger may grow to, in MiB (nil: until the disk is full).
    public var maxSizeMiB: Int64?
}

/// The local HTTP API.
public struct APISettings: Sendable, Hashable {
    /// Whether to serve it.
    public var enabled: Bool
    /// Listen address; loopback by default, as the API has no authentication.
    public var host: String
    /// Listen port.
    public var port: Int
}

/// One configured device.
public struct DeviceSettings: Sendable, Hashable {
    /// What the device is for.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Scale or weighing indicator.
        case scale
        /// Barcode scanner.
        case scanner
        /// RFID tag or card reader (ear tags, cards, UHF); no station uses one yet.
        case rfid
    }
    /// Device id, referenced by stations.
    public var id: String
    /// Kind.
    public var kind: Kind
    /// Protocol name (`tracegate decode --list`).
    public var protocolName: String
    /// Device path. Prefer /dev/serial/by-id/…, /dev/serial/by-path/… or /dev/tracegate/… links:
    /// ttyUSB numbers change between boots. Ignored when `simulate` is true.
    public var path: String
    /// Run an in-process simulator on a pseudo-terminal instead of opening `path` (demo, bench).
    public var simulate: Bool
    /// Line settings.
    public var baud: Int
    /// Data bits, 5–8.
    public var dataBits: Int
    /// none, odd, even, mark, space.
    public var parity: String
    /// 1 or 2.
    public var stopBits: Int
    /// none, xonxoff, rtscts, dtrdsr.
    public var flowControl: String
    /// auto, libserialport, termios.
    public var driver: String
    /// Poll interval for polled protocols, milliseconds.
    public var pollIntervalMilliseconds: Int
    /// Silence after which the device is reopened, milliseconds (nil: 5 s for scales, never for scanners).
    public var silenceTimeoutMilliseconds: Int?
    /// Identical frames that make a weight stable (frames without a status flag).
    public var stableFrames: Int
    /// Unit for indicators that send none.
    public var unit: WeightUnit
    /// Digits in reverse order (xk3190-reversed).
    public var reversed: Bool
    /// Regular expression (generic-line).
    public var pattern: String?
    /// Line terminator (barcode-line): cr, lf, crlf or suffix:TEXT.
    public var terminator: String
    /// Poll command override, as text with \r \n escapes.
    public var pollCommand: String?
    /// How the device is connected: a serial port (default) or an evdev keyboard (`transport: evdev`).
    public var transport: DeviceTransport = .serial
    /// evdev: layout, terminator key and key overrides (`keymap`, `keys`, `terminator_key`).
    public var keyboard: KeyboardSettings = KeyboardSettings()
    /// evdev: grab the device exclusively so no console sees its keystrokes (`grab`, default true).
    public var grab: Bool = true
    /// Keyboard card readers: `format`, `uid_format`, `byte_order`, `uid_length`, as decoder options.
    public var cardOptions: [String: String] = [:]
    /// RFID/card readers: a tag seen again within this many milliseconds is the same read (default 2000).
    public var duplicateWindowMilliseconds: Int = 2000
    /// usb-hid: which USB device it is (`usb: "0922:8003"`, `serial`, `usb_path`); nil for other transports.
    public var usb: USBDeviceMatch? = nil
    /// serial: find the USB-serial adapter by its USB ids (and serial or port) in sysfs instead of `path`
    /// (`usb: {vid, pid, serial, port}`, docs/devices-identity.md).
    public var serialAdapter: USBSerialMatch? = nil

    /// How a serial device is found: its adapter's `usb:` match, else its path.
    public var identity: DeviceIdentity { serialAdapter.map(DeviceIdentity.usb) ?? .path(path) }
    /// usb-hid: the HID interface to claim (`interface`, default 0).
    public var usbInterface: Int = 0
}

/// How a device is connected to the gateway.
public enum DeviceTransport: String, Sendable, Hashable, CaseIterable {
    /// A serial port or USB-serial adapter (libserialport or termios).
    case serial
    /// A Linux input device (keyboard wedge) under /dev/input, read through evdev and grabbed.
    case evdev
    /// A USB HID point-of-sale scale or scanner read through libusb (docs/usb-devices.md).
    case usbHID = "usb-hid"
}

/// One retail station (stall): a scale, an optional scanner, an operator and the trade rules.
public struct StationSettings: Sendable, Hashable {
    /// Station id.
    public var id: String
    /// Operator code of the stall holder.
    public var operatorCode: String
    /// Scale device id.
    public var scale: String
    /// Scanner device id, if any.
    public var scanner: String?
    /// Card reader (RFID kind) whose taps select the buyer of the next trade (验卡交易), if any.
    public var cardReader: String? = nil
    /// Trade rules.
    public var rules: RetailStationSettings
    /// Command barcodes: text → command.
    public var commandCodes: [String: StationCommand]
}
