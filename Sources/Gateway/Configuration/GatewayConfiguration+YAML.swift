import DeviceIO
import DeviceProtocols
import Foundation
import TradeLogic
import Yams

/// Writes a configuration value as the YAML file `load(yaml:file:)` reads back to an equal value, for the tools
/// that start `tracegate run` on a configuration they built (benchmarks). Keys with their default value are
/// written where the default depends on something else (a protocol's line); decoder keys only when they differ.
extension GatewayConfiguration {
    /// The configuration as a YAML file.
    ///
    /// - Throws: `YamlError` if the emitter fails (it does not for the nodes written here).
    public func yaml() throws -> String {
        var top = YAMLMapping()
        var nodeSection = YAMLMapping()
        nodeSection.text("code", node.code)
        nodeSection.text("name", node.name)
        nodeSection.word("type", node.kind.rawValue)
        nodeSection.list(
            "operators",
            node.operators.map { item in
                var entry = YAMLMapping()
                entry.text("code", item.code)
                entry.text("name", item.name)
                return entry.node
            })
        top.add("node", nodeSection.node)
        var ledgerSection = YAMLMapping()
        ledgerSection.text("path", ledger.path)
        ledgerSection.number("max_size_mib", ledger.maxSizeMiB.map(Int.init))
        top.add("ledger", ledgerSection.node)
        var traceCode = YAMLMapping()
        traceCode.text("template", traceCodeTemplate)
        top.add("trace_code", traceCode.node)
        var apiSection = YAMLMapping()
        apiSection.bool("enabled", api.enabled)
        apiSection.text("listen", "\(api.host):\(api.port)")
        top.add("api", apiSection.node)
        top.list("devices", devices.map(\.yamlNode))
        top.list("catalogue", catalogue.map(Self.yamlNode))
        top.list("stations", stations.map { $0.yamlNode(catalogue: catalogue) })
        if let uplink { top.add("uplink", uplink.yamlNode) }
        var hotplugSection = YAMLMapping()
        hotplugSection.bool("netlink", hotplug.netlink)
        hotplugSection.number("rescan_interval_ms", hotplug.rescanIntervalMilliseconds ?? 0)
        top.add("hotplug", hotplugSection.node)
        return try Yams.serialize(node: top.node, width: -1, allowUnicode: true)
    }

    /// A catalogue entry; the price is written per kg, as it is held.
    private static func yamlNode(_ item: CatalogueItem) -> Node {
        var entry = YAMLMapping()
        entry.text("code", item.code)
        entry.text("name", item.name)
        entry.number("price_fen", Int(item.unitPriceFenPerKg))
        entry.word("price_unit", PriceUnit.kg.rawValue)
        entry.text("plu", item.plu)
        if !item.gtins.isEmpty { entry.list("gtin", item.gtins.map { Node($0, .implicit, .doubleQuoted) }) }
        return entry.node
    }
}

extension DeviceSettings {
    /// The `devices[]` entry: common keys, the port's keys, and decoder keys that differ from their defaults.
    fileprivate var yamlNode: Node {
        var entry = YAMLMapping()
        entry.text("id", id)
        entry.word("kind", kind.rawValue)
        entry.word("protocol", protocolName)
        if port.transport != .serial { entry.word("transport", port.transport.rawValue) }
        switch port {
        case .serial(let serial):
            if simulate { entry.bool("simulate", true) }
            switch serial.identity {
            case .path(let path): if !(simulate && path.isEmpty) { entry.text("path", path) }
            case .usb(let adapter):
                var usb = YAMLMapping()
                usb.text("vid", adapter.vendorID)
                usb.text("pid", adapter.productID)
                usb.text("serial", adapter.serial)
                usb.text("port", adapter.port)
                usb.number("interface", adapter.interface)
                entry.add("usb", usb.node)
            }
            entry.number("baud", serial.line.baud)
            entry.number("data_bits", serial.line.dataBits)
            entry.word("parity", serial.line.parity.rawValue)
            entry.number("stop_bits", serial.line.stopBits)
            entry.word("flow_control", serial.line.flowControl.rawValue)
            entry.word("driver", serial.line.driver.rawValue)
            entry.number("poll_interval_ms", serial.pollIntervalMilliseconds)
            entry.text("poll_command", decoder.options.pollCommand.map(EscapedText.text))
        case .evdev(let input):
            entry.text("path", input.path)
            entry.bool("grab", input.grab)
            entry.word("keymap", input.layout)
            if !input.keys.isEmpty {
                entry.add(
                    "keys",
                    Node(
                        input.keys.sorted { $0.key < $1.key }.map { code, text in
                            (Node("\(code)"), Node(text, .implicit, .doubleQuoted))
                        }))
            }
            entry.text("terminator_key", input.terminatorKey.text)
        case .tcp(let tcp):
            entry.text("address", tcp.endpoint.description)
            entry.number("connect_timeout_ms", tcp.connectTimeoutMilliseconds)
            entry.number("poll_interval_ms", tcp.pollIntervalMilliseconds)
            entry.text("poll_command", decoder.options.pollCommand.map(EscapedText.text))
        case .usbHID(let usb):
            entry.text("usb", "\(hex(usb.match.vendorID)):\(hex(usb.match.productID))")
            entry.text("serial", usb.match.serialNumber)
            entry.text("usb_path", usb.match.portPath)
            entry.number("interface", usb.interface)
        }
        entry.number("silence_timeout_ms", silenceTimeoutMilliseconds)
        let options = decoder.options
        let defaults = DecoderOptions()
        if options.stableFrames != defaults.stableFrames { entry.number("stable_frames", options.stableFrames) }
        if options.unit != defaults.unit { entry.word("unit", options.unit.rawValue) }
        if options.reversed != defaults.reversed { entry.bool("reversed", options.reversed) }
        entry.text("pattern", options.pattern)
        if decoder.terminator != .cr { entry.text("terminator", decoder.terminator.optionText) }
        if options.cardFormat != defaults.cardFormat { entry.word("format", options.cardFormat.rawValue) }
        if options.uidFormat != defaults.uidFormat { entry.word("uid_format", options.uidFormat.rawValue) }
        if options.byteOrder != defaults.byteOrder {
            entry.word("byte_order", options.byteOrder == .lsbFirst ? "lsb-first" : "msb-first")
        }
        entry.number("uid_length", options.uidLength)
        if duplicateWindowMilliseconds != 2000 { entry.number("duplicate_window_ms", duplicateWindowMilliseconds) }
        return entry.node
    }

    /// Four lowercase hex digits, as lsusb prints ids.
    private func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

extension StationSettings {
    /// The `stations[]` entry.
    fileprivate func yamlNode(catalogue: [CatalogueItem]) -> Node {
        var entry = YAMLMapping()
        entry.text("id", id)
        entry.text("operator", operatorCode)
        entry.text("scale", scale)
        entry.text("scanner", scanner)
        entry.text("card_reader", cardReader)
        entry.word("trigger", rules.trigger.rawValue)
        let (seconds, attoseconds) = rules.stableDuration.components
        entry.number("stable_ms", Int(seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        entry.number("min_grams", Int(rules.minGrams))
        entry.number("zero_band_grams", Int(rules.zeroBandGrams))
        entry.text("default_product", rules.defaultProduct?.code)
        entry.bool("clear_after_trade", rules.clearAfterTrade)
        entry.text("confirm_barcode", commandCodes.first { $0.value == .confirm }?.key)
        entry.text("clear_barcode", commandCodes.first { $0.value == .clear }?.key)
        return entry.node
    }
}

extension UplinkSettings {
    /// The `uplink` section.
    fileprivate var yamlNode: Node {
        var section = YAMLMapping()
        section.number("retention_days", retentionDays)
        section.list(
            "platforms",
            platforms.map { platform in
                var entry = YAMLMapping()
                entry.text("name", platform.name)
                entry.text("url", platform.url.absoluteString)
                entry.word("format", platform.format.rawValue)
                entry.text("token_file", platform.tokenFile)
                entry.text("ca_file", platform.caFile)
                entry.text("client_certificate", platform.clientCertificate)
                entry.text("client_key", platform.clientKey)
                entry.number("max_batch_trades", platform.maxBatchTrades)
                entry.number("max_batch_bytes", platform.maxBatchBytes)
                entry.bool("gzip", platform.gzip)
                entry.number("timeout_ms", platform.timeoutMilliseconds)
                entry.number("backoff_initial_ms", platform.backoffInitialMilliseconds)
                entry.number("backoff_max_ms", platform.backoffMaxMilliseconds)
                entry.text("city_form_method", platform.cityFormMethod)
                if platform.allowInsecureHTTP { entry.bool("allow_insecure_http", true) }
                entry.bool("master_data", platform.masterData)
                entry.number("master_data_refresh_s", platform.masterDataRefreshSeconds)
                return entry.node
            })
        return section.node
    }
}

/// A YAML mapping being written, keys in order; nil values are left out.
private struct YAMLMapping {
    /// The pairs so far.
    private var pairs: [(Node, Node)] = []

    /// The mapping.
    var node: Node { Node(pairs) }

    /// Adds `key: value`.
    mutating func add(_ key: String, _ value: Node) { pairs.append((Node(key), value)) }

    /// Free text, double-quoted so codes keep their leading zeros and nothing is read as a number or boolean.
    mutating func text(_ key: String, _ value: String?) {
        if let value { add(key, Node(value, .implicit, .doubleQuoted)) }
    }

    /// A word from a fixed set (an enum's raw value), plain.
    mutating func word(_ key: String, _ value: String?) {
        if let value { add(key, Node(value, .implicit, .plain)) }
    }

    /// A whole number.
    mutating func number(_ key: String, _ value: Int?) {
        if let value { add(key, Node("\(value)", .implicit, .plain)) }
    }

    /// true or false.
    mutating func bool(_ key: String, _ value: Bool) { add(key, Node(value ? "true" : "false", .implicit, .plain)) }

    /// A list of entries.
    mutating func list(_ key: String, _ items: [Node]) { add(key, Node(items)) }
}
