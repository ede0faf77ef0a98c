/// Byte strings written as text in options: `\r`, `\n`, `\t`, `\\` and `\xHH` escapes, everything
/// else as UTF-8 (e.g. a scanner suffix `suffix:\x03` or a poll command `S\r\n`).
public enum EscapedText {
    /// Expands the escapes of `text`; a bad escape is a configuration error naming `option`.
    public static func bytes(_ text: String, option: String) throws(ProtocolConfigurationError) -> [UInt8] {
        let input = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        func bad() -> ProtocolConfigurationError {
            ProtocolConfigurationError(
                option: option,
                message: "the '\(option)' option \"\(text)\" has a bad escape; use \\r, \\n, \\t, \\\\ or \\xHH")
        }
        while index < input.count {
            let byte = input[index]
            index += 1
            guard byte == 0x5C else {
                out.append(byte)
                continue
            }
            guard index < input.count else { throw bad() }
            let code = input[index]
            index += 1
            switch code {
            case 0x72: out.append(0x0D)
            case 0x6E: out.append(0x0A)
            case 0x74: out.append(0x09)
            case 0x5C: out.append(0x5C)
            case 0x78:
                guard index + 1 < input.count, let value = ByteText.valueOfHexPair(input[index], input[index + 1])
                else { throw bad() }
                out.append(value)
                index += 2
            default: throw bad()
            }
        }
        return out
    }
}
