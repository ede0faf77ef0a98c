import DeviceIO
import DeviceProtocols
import TraceModel
import TradeLogic
import Yams

/// A parsed entry with the YAML node it came from, so later checks can point at its line.
struct Located<T> {
    /// The value.
    var settings: T
    /// Where it was written.
    var node: Node
}

/// A parsed catalogue entry with its node.
struct LocatedItem {
    /// The item.
    var item: CatalogueItem
    /// Where it was written.
    var node: Node
}

extension GatewayConfiguration {
    static func parseDevices(_ node: Node?, reader r: ConfigurationReader) -> [Located<DeviceSettings>] {
        var result: [Located<DeviceSettings>] = []
        for entry in r.entries(node, key: "devices", section: ConfigurationSchema.devices, namedBy: "id") {
            let (key, item, m, id) = (entry.key, entry.node, entry.mapping, entry.name)
            if result.contains(where: { $0.settings.id == id }) {
                r.report("device id '\(id)' is used twice", key: "\(key).id", at: m["id"])
            }
            guard let protocolName = r.string(m["protocol"], key: "\(key).protocol", required: true, parent: item)
            else { continue }
            guard let descriptor = ProtocolCatalog.descriptor(named: protocolName) else {
                let names = ProtocolCatalog.all.map(\.name).joined(separator: ", ")
                r.report(
                    "unknown protocol '\(protocolName)'; known: \(names)", key: "\(key).protocol", at: m["protocol"])
                continue
            }
            let kind = descriptor.kind
            if let given = r.choice(m["kind"], key: "\(key).kind", as: DeviceSettings.Kind.self), given != kind {
                r.report(
                    "protocol \(protocolName) is a \(kind.rawValue) protocol, but kind is \(given.rawValue)",
                    key: "\(key).kind", at: m["kind"])
            }
            let simulate = r.bool(m["simulate"], key: "\(key).simulate") ?? false
            let transport = r.choice(m["transport"], key: "\(key).transport", as: DeviceTransport.self) ?? .serial
            // Read for every transport, so a mistake shows even where the key is refused (usb-hid) or unused (evdev).
            let serial = parseSerialPort(m, key: key, item: item, descriptor: descriptor, simulate: simulate, reader: r)
            var settings = DeviceSettings(
                id: id, kind: kind, protocolName: protocolName, port: .serial(serial), simulate: simulate,
                silenceTimeoutMilliseconds: r.integer(
                    m["silence_timeout_ms"], key: "\(key).silence_timeout_ms", range: 500...3_600_000
                ).map { Int($0) })
            settings.decoder = parseDecoder(m, key: key, reader: r)
            let input = parseKeyboardDeviceKeys(
                m, key: key, item: item, transport: transport, settings: &settings, reader: r)
            let usb = parseUSBDeviceKeys(m, key: key, item: item, transport: transport, settings: settings, reader: r)
            let tcp = parseTCPDeviceKeys(m, key: key, item: item, transport: transport, serial: serial, reader: r)
            switch transport {
            case .serial: break
            case .tcp:
                // Without a valid `address` (already reported) the file is refused; the stand-in only lets the
                // stations be checked against this device in the same run.
                settings.port = .tcp(tcp ?? TCPPortSettings(endpoint: TCPEndpoint(host: "invalid", port: 1)))
            case .evdev: settings.port = .evdev(input)
            case .usbHID:
                // Without a valid `usb` (already reported) the file is refused; the stand-in only lets the
                // stations be checked against this device in the same run.
                settings.port = .usbHID(usb ?? USBHIDPortSettings(match: USBDeviceMatch(vendorID: 0, productID: 0)))
            }
            do {
                if case .evdev(let input) = settings.port {
                    _ = try ProtocolCatalog.makeKeyboardDecoder(
                        named: protocolName, options: settings.decoderOptions, keyboard: input.keyboard)
                } else {
                    _ = try ProtocolCatalog.makeDecoder(named: protocolName, options: settings.decoderOptions)
                }
            } catch {
                r.report("\(error)", key: key, at: item)
            }
            result.append(Located(settings: settings, node: item))
        }
        return result
    }

    /// The serial keys: `path` or the adapter's `usb` mapping, and the line (defaults: the protocol's line).
    private static func parseSerialPort(
        _ m: [String: Node], key: String, item: Node, descriptor: ProtocolDescriptor, simulate: Bool,
        reader r: ConfigurationReader
    ) -> SerialPortSettings {
        // A USB HID device is found by VID:PID (+ serial, port), not by a path; a serial device may be found by
        // its USB-serial adapter's identity (`usb: {vid, pid, serial, port}`) instead of a path.
        let isUSB = m["transport"]?.string == DeviceTransport.usbHID.rawValue
        let isTCP = m["transport"]?.string == DeviceTransport.tcp.rawValue
        let adapter = isUSB ? nil : parseUSBMatch(m["usb"], key: "\(key).usb", reader: r)
        if !isUSB, m["usb"] != nil, m["path"] != nil {
            r.report("give either path or usb, not both", key: "\(key).usb", at: m["usb"])
        }
        let path =
            r.string(
                m["path"], key: "\(key).path", required: !simulate && !isUSB && !isTCP && m["usb"] == nil, parent: item)
            ?? ""
        if !simulate, m["path"] != nil, DeviceIdentity.isUnstableKernelName(path) {
            // Allowed, but ttyUSB numbers follow plug order: point the technician at stable names.
            r.note(
                "uses \(path), which can change at the next boot (ttyUSB/ttyACM numbers follow plug order); prefer /dev/serial/by-id/…, /dev/serial/by-path/… (adapters without a serial number, e.g. CH340/PL2303), a /dev/tracegate/… link from udev/99-tracegate.rules, or usb: {vid, pid, serial or port} (`tracegate devices` shows each device's values)",
                key: "\(key).path", at: m["path"])
        }
        var port = SerialPortSettings(
            identity: adapter.map(DeviceIdentity.usb) ?? .path(path), line: SerialLine(descriptor.defaultLine))
        func number(_ name: String, _ range: ClosedRange<Int64>) -> Int? {
            r.integer(m[name], key: "\(key).\(name)", range: range).map { Int($0) }
        }
        port.line.baud = number("baud", 50...4_000_000) ?? port.line.baud
        port.line.dataBits = number("data_bits", 5...8) ?? port.line.dataBits
        port.line.stopBits = number("stop_bits", 1...2) ?? port.line.stopBits
        port.pollIntervalMilliseconds = number("poll_interval_ms", 20...60_000) ?? port.pollIntervalMilliseconds
        port.line.parity =
            r.choice(m["parity"], key: "\(key).parity", as: SerialSettings.Parity.self) ?? port.line.parity
        port.line.flowControl =
            r.choice(m["flow_control"], key: "\(key).flow_control", as: SerialSettings.FlowControl.self)
            ?? port.line.flowControl
        port.line.driver =
            r.choice(m["driver"], key: "\(key).driver", as: SerialSettings.Driver.self) ?? port.line.driver
        return port
    }

    /// The decoder keys, each checked at its key.
    private static func parseDecoder(_ m: [String: Node], key: String, reader r: ConfigurationReader)
        -> DeviceDecoderSettings
    {
        var decoder = DeviceDecoderSettings()
        decoder.options.stableFrames =
            r.integer(m["stable_frames"], key: "\(key).stable_frames", range: 1...100).map { Int($0) }
            ?? decoder.options.stableFrames
        decoder.options.reversed = r.bool(m["reversed"], key: "\(key).reversed") ?? decoder.options.reversed
        decoder.options.pattern = r.string(m["pattern"], key: "\(key).pattern")
        if let unitText = r.string(m["unit"], key: "\(key).unit") {
            if let unit = WeightUnit(wire: unitText) {
                decoder.options.unit = unit
            } else {
                r.report("must be one of kg, g, lb, oz, jin (got '\(unitText)')", key: "\(key).unit", at: m["unit"])
            }
        }
        if let terminator = r.string(m["terminator"], key: "\(key).terminator") {
            do {
                decoder.terminator = try BarcodeTerminator(option: terminator)
            } catch {
                r.report(error.message, key: "\(key).terminator", at: m["terminator"])
            }
        }
        if let pollCommand = r.string(m["poll_command"], key: "\(key).poll_command") {
            do {
                decoder.options.pollCommand = try EscapedText.bytes(pollCommand, option: "poll_command")
            } catch {
                r.report(error.message, key: "\(key).poll_command", at: m["poll_command"])
            }
        }
        for (name, option) in cardOptionKeys.sorted(by: { $0.key < $1.key }) {
            guard let node = m[name] else { continue }
            guard let value = node.string else {
                r.report("must be text", key: "\(key).\(name)", at: node)
                continue
            }
            r.read("\(key).\(name)")
            do {
                let parsed = try DecoderOptions(settings: [option: value])
                switch name {
                case "format": decoder.options.cardFormat = parsed.cardFormat
                case "uid_format": decoder.options.uidFormat = parsed.uidFormat
                case "byte_order": decoder.options.byteOrder = parsed.byteOrder
                default: decoder.options.uidLength = parsed.uidLength
                }
            } catch {
                r.report(error.message, key: "\(key).\(name)", at: node)
            }
        }
        return decoder
    }

    /// Card reader keys and the decoder option each sets.
    static let cardOptionKeys = [
        "format": "format", "uid_format": "uidFormat", "byte_order": "byteOrder", "uid_length": "uidLength",
    ]

    static func parseCatalogue(_ node: Node?, reader r: ConfigurationReader) -> [LocatedItem] {
        var result: [LocatedItem] = []
        for entry in r.entries(node, key: "catalogue", section: ConfigurationSchema.catalogue, namedBy: "code") {
            let (key, item, m, code) = (entry.key, entry.node, entry.mapping, entry.name)
            if result.contains(where: { $0.item.code == code }) {
                r.report("product code \(code) listed twice", key: "\(key).code", at: m["code"])
            }
            let name = r.string(m["name"], key: "\(key).name", required: true, parent: item) ?? ""
            let price =
                r.integer(m["price_fen"], key: "\(key).price_fen", range: 0...100_000_000, required: true, parent: item)
                ?? 0
            let unit = r.choice(m["price_unit"], key: "\(key).price_unit", as: PriceUnit.self) ?? .kg
            let plu = r.string(m["plu"], key: "\(key).plu")
            var gtins: [String] = []
            if let gtinNode = m["gtin"] {
                let values: [Node] = if case .sequence(let s) = gtinNode { Array(s) } else { [gtinNode] }
                for value in values {
                    guard let gtin = r.string(value, key: "\(key).gtin") else { continue }
                    if [8, 12, 13, 14].contains(gtin.count), gtin.allSatisfy({ $0.isASCII && $0.isNumber }),
                        GS1.hasValidCheckDigit(gtin)
                    {
                        gtins.append(gtin)
                    } else {
                        r.report(
                            "'\(gtin)' is not a GTIN-8/12/13/14 with a valid check digit", key: "\(key).gtin", at: value
                        )
                    }
                }
            }
            let catalogueItem = CatalogueItem(
                code: code, name: name, unitPriceFenPerKg: Pricing.fenPerKg(price: price, per: unit), plu: plu,
                gtins: gtins)
            result.append(LocatedItem(item: catalogueItem, node: item))
        }
        return result
    }

    static func parseStations(
        _ node: Node?, reader r: ConfigurationReader, node nodeSettings: NodeSettings?,
        devices: [Located<DeviceSettings>],
        catalogue: [LocatedItem]
    ) -> [StationSettings] {
        var result: [StationSettings] = []
        var usedDevices: [String: String] = [:]
        for entry in r.entries(node, key: "stations", section: ConfigurationSchema.stations, namedBy: "id") {
            let (key, item, m, id) = (entry.key, entry.node, entry.mapping, entry.name)
            if result.contains(where: { $0.id == id }) {
                r.report("station id '\(id)' is used twice", key: "\(key).id", at: m["id"])
            }
            let operatorCode =
                r.digits(m["operator"], key: "\(key).operator", count: 13, required: true, parent: item) ?? ""
            if let nodeSettings, !operatorCode.isEmpty,
                !nodeSettings.operators.contains(where: { $0.code == operatorCode })
            {
                r.report(
                    "operator \(operatorCode) is not listed under node.operators", key: "\(key).operator",
                    at: m["operator"])
            }
            func device(_ field: String, kind: DeviceSettings.Kind, required: Bool) -> String? {
                guard let deviceID = r.string(m[field], key: "\(key).\(field)", required: required, parent: item) else {
                    return nil
                }
                guard let device = devices.first(where: { $0.settings.id == deviceID }) else {
                    let known = devices.filter { $0.settings.kind == kind }.map(\.settings.id).joined(separator: ", ")
                    r.report(
                        "no device with id '\(deviceID)' (\(kind.rawValue)s: \(known.isEmpty ? "none" : known))",
                        key: "\(key).\(field)", at: m[field])
                    return nil
                }
                if device.settings.kind != kind {
                    r.report(
                        "device '\(deviceID)' is a \(device.settings.kind.rawValue), not a \(kind.rawValue)",
                        key: "\(key).\(field)", at: m[field])
                }
                if let other = usedDevices[deviceID] {
                    r.report(
                        "device '\(deviceID)' is already used by station '\(other)'", key: "\(key).\(field)",
                        at: m[field])
                }
                usedDevices[deviceID] = id
                return deviceID
            }
            let scale = device("scale", kind: .scale, required: true) ?? ""
            let scanner = device("scanner", kind: .scanner, required: false)
            let cardReader = device("card_reader", kind: .rfid, required: false)
            var rules = RetailStationSettings(
                station: id, nodeCode: nodeSettings?.code ?? "", operatorCode: operatorCode)
            rules.trigger =
                r.choice(m["trigger"], key: "\(key).trigger", as: RetailStationSettings.Trigger.self) ?? .stable
            if let ms = r.integer(m["stable_ms"], key: "\(key).stable_ms", range: 0...10_000) {
                rules.stableDuration = .milliseconds(ms)
            }
            rules.minGrams = r.integer(m["min_grams"], key: "\(key).min_grams", range: 1...10_000_000) ?? rules.minGrams
            rules.zeroBandGrams =
                r.integer(m["zero_band_grams"], key: "\(key).zero_band_grams", range: 0...100_000)
                ?? rules.zeroBandGrams
            if rules.zeroBandGrams >= rules.minGrams {
                r.report(
                    "zero_band_grams (\(rules.zeroBandGrams)) must be below min_grams (\(rules.minGrams)), or an item could count as an empty scale",
                    key: "\(key).zero_band_grams", at: m["zero_band_grams"] ?? item)
            }
            rules.clearAfterTrade = r.bool(m["clear_after_trade"], key: "\(key).clear_after_trade") ?? false
            if let productCode = r.string(m["default_product"], key: "\(key).default_product") {
                if let product = catalogue.first(where: { $0.item.code == productCode })?.item {
                    rules.defaultProduct = product
                } else {
                    r.report(
                        "product '\(productCode)' is not in the catalogue", key: "\(key).default_product",
                        at: m["default_product"])
                }
            }
            let confirm = r.string(m["confirm_barcode"], key: "\(key).confirm_barcode") ?? "*CONFIRM*"
            let clear = r.string(m["clear_barcode"], key: "\(key).clear_barcode") ?? "*CLEAR*"
            if confirm == clear {
                r.report(
                    "confirm_barcode and clear_barcode must differ", key: "\(key).clear_barcode",
                    at: m["clear_barcode"] ?? item)
            }
            result.append(
                StationSettings(
                    id: id, operatorCode: operatorCode, scale: scale, scanner: scanner, cardReader: cardReader,
                    rules: rules, commandCodes: [confirm: .confirm, clear: .clear]))
        }
        return result
    }
}
