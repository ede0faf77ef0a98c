/// The options of the keyboard card protocols (`em4100-keyboard`, `iso14443-keyboard`).
extension DecoderOptions {
    /// Sets `format`, `uidFormat`, `byteOrder` or `uidLength` from text.
    ///
    /// - Throws: `ProtocolConfigurationError` naming the option and its valid values.
    mutating func setKeyboardCardOption(_ key: String, _ value: String) throws(ProtocolConfigurationError) {
        switch key {
        case "format":
            guard let format = KeyboardCardFormat(option: value) else {
                throw ProtocolConfigurationError(
                    option: key,
                    message: "the 'format' option must be one of decimal10, w26, w34, hex10, got \"\(value)\"")
            }
            cardFormat = format
        case "uidFormat":
            guard let format = UIDTextFormat(rawValue: value.lowercased()) else {
                throw ProtocolConfigurationError(
                    option: key, message: "the 'uidFormat' option must be hex or decimal, got \"\(value)\"")
            }
            uidFormat = format
        case "byteOrder":
            switch value.lowercased() {
            case "msb-first", "msbfirst", "big-endian": byteOrder = .msbFirst
            case "lsb-first", "lsbfirst", "little-endian": byteOrder = .lsbFirst
            default:
                throw ProtocolConfigurationError(
                    option: key, message: "the 'byteOrder' option must be msb-first or lsb-first, got \"\(value)\"")
            }
        default:
            guard let length = Int(value), [4, 7, 10].contains(length) else {
                throw ProtocolConfigurationError(
                    option: key, message: "the 'uidLength' option must be 4, 7 or 10, got \"\(value)\"")
            }
            uidLength = length
        }
    }
}
