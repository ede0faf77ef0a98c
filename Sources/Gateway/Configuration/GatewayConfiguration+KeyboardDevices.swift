import DeviceProtocols
import Yams

/// Device keys for keyboard-wedge devices (evdev) and card readers; see docs/keyboard-devices.md.
extension GatewayConfiguration {
    /// The device keys this file parses.
    static let keyboardDeviceKeys = [
        "transport", "keymap", "keys", "terminator_key", "grab", "format", "uid_format", "byte_order", "uid_length",
        "duplicate_window_ms",
    ]

    /// Card reader keys and the decoder option each sets.
    static let cardOptionKeys = [
        "format": "format", "uid_format": "uidFormat", "byte_order": "byteOrder", "uid_length": "uidLength",
    ]

    /// Reads `transport`, `keymap`, `keys`, `terminator_key`, `grab`, the card options and
    /// `duplicate_window_ms` into `settings`, reporting each problem at its key.
    static func parseKeyboardDeviceKeys(
        _ m: [String: Node], key: String, item: Node, settings: inout DeviceSettings, reader r: ConfigurationReader
    ) {
        settings.transport = r.choice(m["transport"], key: "\(key).transport", as: DeviceTransport.self) ?? .serial
        let keyboardKeys = ["keymap", "keys", "terminator_key", "grab"]
        if settings.transport == .evdev {
            if !ProtocolCatalog.keyboardProtocols.contains(settings.protocolName) {
                r.report(
                    "protocol \(settings.protocolName) cannot be read from an evdev keyboard; use one of "
                        + ProtocolCatalog.keyboardProtocols.joined(separator: ", "),
                    key: "\(key).protocol", at: m["protocol"])
            }
            if settings.simulate {
                r.report(
                    "evdev devices cannot be simulated in-process; use `tracegate simulate keyboard` with umockdev",
                    key: "\(key).simulate", at: m["simulate"])
            }
            if let path = m["path"]?.string, !path.hasPrefix("/dev/input/") {
                r.note(
                    "evdev devices live under /dev/input; prefer /dev/input/by-id/…-event-kbd or /dev/input/by-path/…",
                    key: "\(key).path", at: m["path"])
            } else if let path = m["path"]?.string,
                path.range(of: #"^/dev/input/event\d+$"#, options: .regularExpression) != nil
            {
                r.note(
                    "uses \(path), whose number follows plug order; prefer /dev/input/by-id/…-event-kbd or /dev/input/by-path/…",
                    key: "\(key).path", at: m["path"])
            }
        } else {
            for name in keyboardKeys where m[name] != nil {
                r.report("\(name) applies only to devices with transport: evdev", key: "\(key).\(name)", at: m[name])
            }
        }
        settings.grab = r.bool(m["grab"], key: "\(key).grab") ?? true
        let layout = r.string(m["keymap"], key: "\(key).keymap") ?? "us"
        let terminator = r.string(m["terminator_key"], key: "\(key).terminator_key") ?? "enter"
        var overrides: [UInt16: String] = [:]
        if let keysNode = m["keys"] {
            if case .mapping(let mapping) = keysNode {
                for (codeNode, valueNode) in mapping {
                    guard let codeText = codeNode.string, let code = UInt16(codeText), code > 0, code < 0x300 else {
                        r.report(
                            "key codes are numbers 1–767 (see `evtest` or linux/input-event-codes.h), got "
                                + "'\(codeNode.string ?? "?")'", key: "\(key).keys", at: codeNode)
                        continue
                    }
                    guard let text = valueNode.string else {
                        r.report(
                            "the characters for key \(code) must be text, e.g. \"zZ\"", key: "\(key).keys",
                            at: valueNode)
                        continue
                    }
                    overrides[code] = text
                }
            } else if let table = keysNode.string {
                do {
                    overrides = try Keymap.overrides(table: table)
                } catch {
                    r.report(error.message, key: "\(key).keys", at: keysNode)
                }
            } else {
                r.report(
                    "must be a mapping of key code to characters, e.g. {21: zZ, 44: yY}", key: "\(key).keys",
                    at: keysNode)
            }
        }
        do {
            settings.keyboard = try KeyboardSettings(layout: layout, keys: overrides, terminator: terminator)
        } catch {
            let option = error.option ?? "keymap"
            let name = option == "terminator_key" ? "terminator_key" : option == "keys" ? "keys" : "keymap"
            r.report(error.message, key: "\(key).\(name)", at: m[name] ?? item)
        }
        for (configKey, option) in cardOptionKeys.sorted(by: { $0.key < $1.key }) {
            guard let node = m[configKey] else { continue }
            guard let value = node.string else {
                r.report("must be text", key: "\(key).\(configKey)", at: node)
                continue
            }
            do {
                _ = try DecoderOptions(settings: [option: value])
                settings.cardOptions[option] = value
            } catch {
                r.report(error.message, key: "\(key).\(configKey)", at: node)
            }
        }
        if let window = r.integer(m["duplicate_window_ms"], key: "\(key).duplicate_window_ms", range: 0...600_000) {
            settings.duplicateWindowMilliseconds = Int(window)
        }
    }
}
