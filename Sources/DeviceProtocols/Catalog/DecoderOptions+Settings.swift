import TraceModel

/// Options from text settings.
extension DecoderOptions {
    /// The option names `init(settings:)` understands.
    public static let settingNames = [
        "stableFrames", "unit", "reversed", "pattern", "terminator", "pollCommand",
        "format", "uidFormat", "byteOrder", "uidLength",
    ]

    /// Builds options from text, as `tracegate decode --option key=value` and configuration files give them.
    /// Missing keys keep their defaults. `pollCommand` may use the escapes `\r`, `\n`, `\t`, `\\`, `\xHH`.
    ///
    /// - Throws: `ProtocolConfigurationError` naming the key for an unknown key or a value of the wrong form.
    public init(settings: [String: String]) throws(ProtocolConfigurationError) {
        self.init()
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "stableFrames":
                guard let frames = Int(value), frames >= 1 else {
                    throw ProtocolConfigurationError(
                        option: key, message: "the 'stableFrames' option must be a whole number ≥ 1, got \"\(value)\"")
                }
                stableFrames = frames
            case "unit":
                guard let parsed = WeightUnit(wire: value) else {
                    throw ProtocolConfigurationError(
                        option: key, message: "the 'unit' option \"\(value)\" is not one of kg, g, lb, oz, jin (斤)")
                }
                unit = parsed
            case "reversed":
                switch value.lowercased() {
                case "true", "yes", "1": reversed = true
                case "false", "no", "0": reversed = false
                default:
                    throw ProtocolConfigurationError(
                        option: key, message: "the 'reversed' option must be true or false, got \"\(value)\"")
                }
            case "pattern": pattern = value
            case "terminator":
                _ = try BarcodeTerminator(option: value)
                terminator = value
            case "pollCommand": pollCommand = try EscapedText.bytes(value, option: key)
            case "format", "uidFormat", "byteOrder", "uidLength": try setKeyboardCardOption(key, value)
            default:
                throw ProtocolConfigurationError(
                    option: key,
                    message: "unknown decoder option '\(key)'; valid options: "
                        + Self.settingNames.joined(separator: ", "))
            }
        }
    }

    /// Builds options from `key=value` strings (the value may itself contain '=').
    public init(keyValues: [String]) throws(ProtocolConfigurationError) {
        var settings: [String: String] = [:]
        for item in keyValues {
            guard let equals = item.firstIndex(of: "=") else {
                throw ProtocolConfigurationError(
                    option: item, message: "decoder option \"\(item)\" must be written key=value, e.g. stableFrames=5")
            }
            settings[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        try self.init(settings: settings)
    }
}
