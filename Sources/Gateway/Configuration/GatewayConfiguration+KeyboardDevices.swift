import DeviceProtocols
import Yams

/// Device keys for keyboard-wedge devices (evdev) and card readers; see docs/keyboard-devices.md.
extension GatewayConfiguration {
    /// Keys that describe how a keyboard wedge types, meaningless for other transports.
    static let keyboardOnlyDeviceKeys = ["keymap", "keys", "terminator_key", "grab"]

    /// Reads `keymap`, `keys`, `terminator_key`, `grab` and `duplicate_window_ms` (into `settings`), reporting each
    /// problem at its key, and refuses the keyboard keys on other transports. Returns the evdev port settings.
    static func parseKeyboardDeviceKeys(
        _ m: [String: Node], key: String, item: Node, transport: DeviceTransport, settings: inout DeviceSettings,
        reader r: ConfigurationReader
    ) -> InputPortSettings {
        if transport == .evdev {
            if !ProtocolCatalog.keyboardProtocols.contains(settings.protocolName) {
                r.report(
                    "protocol \(settings.protocolName) cannot be read from an evdev keyboard; use one of "
                        + ProtocolCatalog.keyboardProtocols.joined(separator: ", "),
                    key: "\(key).protocol", at: m["protocol"])
            }
            if settings.simulate {
                r.report(
                    "evdev devices cannot be simulated in-process; use `tracegate-tools simulate keyboard` with umockdev",
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
            for name in keyboardOnlyDeviceKeys where m[name] != nil {
                r.report("\(name) applies only to devices with transport: evdev", key: "\(key).\(name)", at: m[name])
            }
        }
        let path = m["path"]?.string ?? ""
        let grab = r.bool(m["grab"], key: "\(key).grab") ?? true
        let layout = r.string(m["keymap"], key: "\(key).keymap") ?? "us"
        let terminatorText = r.string(m["terminator_key"], key: "\(key).terminator_key") ?? "enter"
        var overrides: [UInt16: String] = [:]
        if let keysNode = m["keys"] {
            r.read("\(key).keys")
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
        var input = InputPortSettings(path: path, grab: grab)
        do {
            input = try InputPortSettings(
                path: path, grab: grab, layout: layout, keys: overrides,
                terminatorKey: KeyboardTerminatorKey(text: terminatorText))
        } catch {
            let option = error.option ?? "keymap"
            let name = option == "terminator_key" ? "terminator_key" : option == "keys" ? "keys" : "keymap"
            r.report(error.message, key: "\(key).\(name)", at: m[name] ?? item)
        }
        if let window = r.integer(m["duplicate_window_ms"], key: "\(key).duplicate_window_ms", range: 0...600_000) {
            settings.duplicateWindowMilliseconds = Int(window)
        }
        return input
    }
}
