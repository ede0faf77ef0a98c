/// One key of the configuration file: its name, the type of its value, its default and what it means.
public struct ConfigurationKey: Sendable, Hashable {
    /// The key as written in the file.
    public var name: String
    /// The value's type, as a technician reads it (`whole number 1–100`, `none | odd | even`).
    public var type: String
    /// The default when the key is absent, or `required`.
    public var defaultValue: String
    /// One line: what the key does.
    public var meaning: String

    /// Creates a key.
    public init(_ name: String, _ type: String, default defaultValue: String, _ meaning: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.meaning = meaning
    }
}

/// One mapping of the configuration file (the top level, `node`, each `devices[]` entry …) and its keys.
public struct ConfigurationSection: Sendable, Hashable {
    /// The section's path: empty for the top level, `node`, `node.operators[]`, `devices[]`, `devices[].usb` …
    public var path: String
    /// What the section is.
    public var summary: String
    /// Its keys, in the order the file usually gives them.
    public var keys: [ConfigurationKey]

    /// The key names, as the parser allows them.
    public var names: [String] { keys.map(\.name) }

    /// The path of `key` in this section (`devices[].baud`).
    public func path(of key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// Every key the configuration file may contain: the one list the parser's allowed keys come from and
/// `docs/config.md` is generated from (`tracegate config keys --markdown`), so neither can name a key the other
/// does not know. The parser holds each key's checks; a test loads a file using every key listed here.
public enum ConfigurationSchema {
    /// The top level.
    public static let top = ConfigurationSection(
        path: "", summary: "The file's top level.",
        keys: [
            ConfigurationKey("node", "mapping", default: "required", "The node (market) this gateway records for."),
            ConfigurationKey("ledger", "mapping", default: "defaults below", "Where the ledger lives."),
            ConfigurationKey("trace_code", "mapping", default: "defaults below", "How trace codes are made."),
            ConfigurationKey("api", "mapping", default: "defaults below", "The local HTTP API."),
            ConfigurationKey("devices", "list of mappings", default: "none", "Scales, scanners and readers."),
            ConfigurationKey("catalogue", "list of mappings", default: "none", "Products sold at the node."),
            ConfigurationKey(
                "stations", "list of mappings", default: "required (at least one)", "Stalls and weighing points."),
            ConfigurationKey(
                "uplink", "mapping", default: "none (offline only)", "Delivery to platforms (docs/outbox.md)."),
            ConfigurationKey(
                "hotplug", "mapping", default: "defaults below", "How devices arriving and leaving are noticed."),
        ])

    /// `node`.
    public static let node = ConfigurationSection(
        path: "node", summary: "The node (流通节点) and its operators.",
        keys: [
            ConfigurationKey(
                "code", "text, 9 digits (quoted)", default: "required",
                "6-digit area code (GB/T 2260) + 3-digit node filing number."),
            ConfigurationKey("name", "text", default: "empty", "Display name."),
            ConfigurationKey(
                "type", "slaughterhouse | wholesale_market | retail_market | supermarket | institution | other",
                default: "retail_market", "Kind of node."),
            ConfigurationKey(
                "operators", "list of mappings", default: "required (at least one)",
                "Operators (经营者, stall holders) registered at the node."),
        ])

    /// `node.operators[]`.
    public static let operators = ConfigurationSection(
        path: "node.operators[]", summary: "One operator.",
        keys: [
            ConfigurationKey(
                "code", "text, 13 digits (quoted)", default: "required",
                "Node code + 4-digit operator number; stations name it."),
            ConfigurationKey("name", "text", default: "empty", "Name."),
        ])

    /// `ledger`.
    public static let ledger = ConfigurationSection(
        path: "ledger", summary: "The ledger (SQLite, WAL, synchronous=FULL).",
        keys: [
            ConfigurationKey(
                "path", "path", default: "/var/lib/tracegate/ledger.db",
                "The ledger file; keep it on the box's own storage."),
            ConfigurationKey(
                "max_size_mib", "whole number 1–1000000", default: "none (until the disk is full)",
                "Refuse new trades (with an alarm) before the ledger grows past this many MiB."),
        ])

    /// `trace_code`.
    public static let traceCode = ConfigurationSection(
        path: "trace_code", summary: "Trace codes.",
        keys: [
            ConfigurationKey(
                "template", "text", default: "{operator}{seq:7}",
                "Trace-code template: {operator}, {node}, {date:yyMMdd}, {seq:N} and a trailing {check}.")
        ])

    /// `api`.
    public static let api = ConfigurationSection(
        path: "api", summary: "The local API for the stall terminal and the CLI (no authentication).",
        keys: [
            ConfigurationKey("enabled", "true | false", default: "true", "Serve the API."),
            ConfigurationKey(
                "listen", "HOST:PORT", default: "127.0.0.1:8417", "Listen address; keep it on loopback."),
        ])

    /// `devices[]`.
    public static let devices = ConfigurationSection(
        path: "devices[]",
        summary: "One device. (serial), (evdev), (usb-hid), (tcp): the key applies to that transport only.",
        keys: [
            ConfigurationKey("id", "text", default: "required", "Device id; stations name it."),
            ConfigurationKey(
                "kind", "scale | scanner | rfid", default: "the protocol's",
                "What the device is for; must match the protocol."),
            ConfigurationKey(
                "protocol", "protocol name", default: "required",
                "The protocol it speaks (`tracegate decode --list`, docs/protocols.md)."),
            ConfigurationKey(
                "path", "path", default: "required (serial without usb, evdev)",
                "(serial, evdev) Device path; prefer /dev/serial/by-id/…, /dev/serial/by-path/…, /dev/tracegate/… "
                    + "or /dev/input/by-id/…, never /dev/ttyUSBn."),
            ConfigurationKey(
                "simulate", "true | false", default: "false",
                "(serial) Read an in-process simulator on a pseudo-terminal instead (demo, bench)."),
            ConfigurationKey("baud", "whole number 50–4000000", default: "the protocol's", "(serial) Baud rate."),
            ConfigurationKey("data_bits", "whole number 5–8", default: "the protocol's", "(serial) Data bits."),
            ConfigurationKey(
                "parity", "none | odd | even | mark | space", default: "the protocol's", "(serial) Parity."),
            ConfigurationKey("stop_bits", "1 | 2", default: "the protocol's", "(serial) Stop bits."),
            ConfigurationKey(
                "flow_control", "none | xonxoff | rtscts | dtrdsr", default: "none", "(serial) Flow control."),
            ConfigurationKey(
                "driver", "auto | libserialport | termios", default: "auto",
                "(serial) Which code opens the port; auto: termios for pseudo-terminals, else libserialport."),
            ConfigurationKey(
                "poll_interval_ms", "whole number 20–60000", default: "200",
                "(serial, tcp) Time between polls of a polled protocol."),
            ConfigurationKey(
                "silence_timeout_ms", "whole number 500–3600000", default: "5000 for serial scales, else none",
                "Silence after which the device is reopened."),
            ConfigurationKey(
                "stable_frames", "whole number 1–100", default: "3",
                "Identical frames that make a weight stable (protocols without a stability flag)."),
            ConfigurationKey(
                "unit", "kg | g | lb | oz | jin", default: "kg", "Unit for indicators that send none."),
            ConfigurationKey("reversed", "true | false", default: "true", "xk3190-reversed: digits lowest first."),
            ConfigurationKey(
                "pattern", "regular expression", default: "none",
                "generic-line: the line's pattern, with a `value` group (optional `unit`, `stable`)."),
            ConfigurationKey(
                "terminator", "cr | lf | crlf | suffix:TEXT", default: "cr",
                "barcode-line: how the scanner ends a scan (TEXT may use \\r \\n \\t \\\\ \\xHH)."),
            ConfigurationKey(
                "poll_command", "text with \\r \\n \\t \\\\ \\xHH escapes", default: "the protocol's",
                "(serial, tcp) Bytes written to poll a polled device."),
            ConfigurationKey(
                "transport", "serial | evdev | usb-hid | tcp", default: "serial",
                "How the device is connected (docs/keyboard-devices.md, docs/usb-devices.md, docs/tcp-devices.md)."),
            ConfigurationKey(
                "address", "HOST:PORT", default: "required (tcp)",
                "(tcp) The serial device server's address and TCP port, e.g. 192.168.1.254:4001 ([v6]:port)."),
            ConfigurationKey(
                "connect_timeout_ms", "whole number 100–60000", default: "3000",
                "(tcp) How long one connection attempt may take."),
            ConfigurationKey("keymap", "us", default: "us", "(evdev) Keyboard layout the wedge types in."),
            ConfigurationKey(
                "keys", "mapping key code → characters, or a table", default: "none",
                "(evdev) Keys that type other characters than the layout, e.g. {21: zZ, 44: yY}."),
            ConfigurationKey(
                "terminator_key", "enter | tab | key code", default: "enter", "(evdev) The key that ends a read."),
            ConfigurationKey(
                "grab", "true | false", default: "true", "(evdev) Grab the device so no console sees its keys."),
            ConfigurationKey(
                "format", "decimal10 | w26 | w34 | hex10", default: "decimal10",
                "em4100-keyboard: how the reader types the card."),
            ConfigurationKey("uid_format", "hex | decimal", default: "decimal", "iso14443-keyboard: UID digits."),
            ConfigurationKey(
                "byte_order", "msb-first | lsb-first", default: "msb-first",
                "iso14443-keyboard: the reader's UID byte order."),
            ConfigurationKey(
                "uid_length", "4 | 7 | 10", default: "the shortest that fits",
                "iso14443-keyboard: UID bytes of a decimal UID."),
            ConfigurationKey(
                "duplicate_window_ms", "whole number 0–600000", default: "2000",
                "RFID and card readers: a tag seen again within this time is the same read."),
            ConfigurationKey(
                "usb", "\"VID:PID\" (usb-hid) or mapping (serial)", default: "none (required for usb-hid)",
                "(usb-hid) the device's vendor:product id; (serial) the USB-serial adapter, see devices[].usb."),
            ConfigurationKey(
                "serial", "text", default: "any", "(usb-hid) The device's serial number (iSerialNumber)."),
            ConfigurationKey(
                "usb_path", "USB port path, e.g. 1-1.3", default: "any",
                "(usb-hid) The USB port, stable across reboots."),
            ConfigurationKey("interface", "whole number 0–255", default: "0", "(usb-hid) The HID interface to claim."),
        ])

    /// `devices[].usb` on a serial device.
    public static let serialAdapter = ConfigurationSection(
        path: "devices[].usb",
        summary: "A serial device's USB-serial adapter, matched in sysfs instead of a path (docs/devices-identity.md).",
        keys: [
            ConfigurationKey("vid", "4 hex digits (quoted)", default: "required", "Vendor id, as lsusb shows it."),
            ConfigurationKey("pid", "4 hex digits (quoted)", default: "required", "Product id."),
            ConfigurationKey("serial", "text", default: "any", "The adapter's serial number."),
            ConfigurationKey(
                "port", "USB port path, e.g. 1-1.3", default: "any",
                "The USB port (for adapters without a serial number)."),
            ConfigurationKey(
                "interface", "whole number 0–255", default: "any", "The interface of a multi-port adapter."),
        ])

    /// `catalogue[]`.
    public static let catalogue = ConfigurationSection(
        path: "catalogue[]", summary: "One product.",
        keys: [
            ConfigurationKey("code", "text (quoted)", default: "required", "Product code."),
            ConfigurationKey("name", "text", default: "required", "Name."),
            ConfigurationKey(
                "price_fen", "whole number 0–100000000", default: "required", "Unit price in fen (0.01 元)."),
            ConfigurationKey("price_unit", "kg | jin", default: "kg", "What the price is per (jin: 500 g)."),
            ConfigurationKey("plu", "text", default: "none", "PLU code on the scale's labels."),
            ConfigurationKey(
                "gtin", "text or list of texts", default: "none", "GTIN-8/12/13/14 barcodes with a valid check digit."),
        ])

    /// `stations[]`.
    public static let stations = ConfigurationSection(
        path: "stations[]", summary: "One retail station (stall): a scale, optional scanner and card reader, rules.",
        keys: [
            ConfigurationKey("id", "text", default: "required", "Station id."),
            ConfigurationKey(
                "operator", "text, 13 digits (quoted)", default: "required", "The stall holder (from node.operators)."),
            ConfigurationKey("scale", "device id", default: "required", "The scale."),
            ConfigurationKey("scanner", "device id", default: "none", "The barcode scanner."),
            ConfigurationKey(
                "trigger", "stable | confirm", default: "stable",
                "stable: a trade commits by itself; confirm: it waits for a confirmation."),
            ConfigurationKey(
                "stable_ms", "whole number 0–10000", default: "500",
                "How long the weight must stay stable and unchanged."),
            ConfigurationKey("min_grams", "whole number 1–10000000", default: "20", "Lightest weight that trades."),
            ConfigurationKey(
                "zero_band_grams", "whole number 0–100000", default: "10",
                "The scale must return within this of zero before the next trade; below min_grams."),
            ConfigurationKey(
                "default_product", "product code", default: "none", "Product traded when none is scanned."),
            ConfigurationKey(
                "clear_after_trade", "true | false", default: "false", "Forget the product after each trade."),
            ConfigurationKey("confirm_barcode", "text", default: "*CONFIRM*", "Barcode that confirms a trade."),
            ConfigurationKey(
                "clear_barcode", "text", default: "*CLEAR*", "Barcode that forgets product and source."),
            ConfigurationKey(
                "card_reader", "device id (rfid)", default: "none",
                "Card reader whose taps select the buyer of the next trade (验卡交易)."),
        ])

    /// `uplink`.
    public static let uplink = ConfigurationSection(
        path: "uplink", summary: "Delivery to platforms; without it the gateway records offline only.",
        keys: [
            ConfigurationKey(
                "retention_days", "whole number 1–36500", default: "30",
                "Days a trade accepted by every platform is kept."),
            ConfigurationKey("platforms", "list of mappings", default: "required (at least one)", "The platforms."),
        ])

    /// `uplink.platforms[]`.
    public static let platforms = ConfigurationSection(
        path: "uplink.platforms[]", summary: "One platform (docs/uplink-http.md).",
        keys: [
            ConfigurationKey(
                "name", "letters, digits, - _ .", default: "required",
                "Unique name; renaming a platform sends everything again."),
            ConfigurationKey(
                "url", "https:// URL", default: "required", "Base URL; http:// only to loopback (or see below)."),
            ConfigurationKey(
                "format", "tracegate-v1 | epcis-2.0 | city-form-json", default: "required", "Wire format."),
            ConfigurationKey(
                "token_file", "path", default: "none", "Bearer token file; must not be world-readable."),
            ConfigurationKey("ca_file", "path", default: "system trust store", "CA bundle (PEM) to trust."),
            ConfigurationKey(
                "client_certificate", "path", default: "none", "Client certificate (PEM) for mTLS, with client_key."),
            ConfigurationKey("client_key", "path", default: "none", "Client private key (PEM) for mTLS."),
            ConfigurationKey("max_batch_trades", "whole number 1–100000", default: "500", "Most trades per batch."),
            ConfigurationKey(
                "max_batch_bytes", "whole number 1024–1073741824", default: "1048576",
                "Most encoded bytes per batch, before gzip; a 413 halves the batch."),
            ConfigurationKey("gzip", "true | false", default: "true", "Gzip request bodies."),
            ConfigurationKey("timeout_ms", "whole number 100–3600000", default: "15000", "Time allowed per request."),
            ConfigurationKey(
                "backoff_initial_ms", "whole number 1–3600000", default: "500", "First backoff after a failure."),
            ConfigurationKey(
                "backoff_max_ms", "whole number 1–86400000", default: "300000",
                "Largest backoff; also caps Retry-After."),
            ConfigurationKey(
                "city_form_method", "text", default: "required for city-form-json",
                "city-form-json: the platform's method name, e.g. uploadRetailTrades."),
            ConfigurationKey(
                "allow_insecure_http", "true | false", default: "false",
                "Allow http:// to a host that is not loopback (test rigs: trades and token go in clear)."),
            ConfigurationKey(
                "master_data", "true | false", default: "true for tracegate-v1, else false",
                "Pull catalogue, operator cards and stop-trade orders (docs/downlink.md)."),
            ConfigurationKey(
                "master_data_refresh_s", "whole number 5–86400", default: "300", "Time between master data pulls."),
        ])

    /// `hotplug`.
    public static let hotplug = ConfigurationSection(
        path: "hotplug", summary: "How devices arriving and leaving are noticed (docs/devices-identity.md).",
        keys: [
            ConfigurationKey("netlink", "true | false", default: "true", "Listen to the kernel's uevents."),
            ConfigurationKey(
                "rescan_interval_ms", "0 or whole number 200–600000", default: "2000",
                "Time between sysfs rescans where no uevent arrives; 0 turns them off."),
        ])

    /// Every section, in file order.
    public static let sections: [ConfigurationSection] = [
        top, node, operators, ledger, traceCode, api, devices, serialAdapter, catalogue, stations, uplink, platforms,
        hotplug,
    ]
}
