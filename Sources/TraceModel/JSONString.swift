/// JSON string literals written the one way TraceGate writes them (the ledger's hash chain and every uplink body
/// depend on these exact bytes): RFC 8259 §7 escapes for the quote, the backslash and control characters (`\n`,
/// `\r`, `\t`, else `\u00XX` in lower-case hex); everything else, `/` and non-ASCII included, as is.
public enum JSONString {
    /// Appends `value` as a quoted JSON string. Byte-wise on UTF-8 is exact: the escaped characters are single
    /// bytes, and every byte of a multi-byte sequence is ≥ 0x80. `escapingDelete` also writes DEL (0x7F) as
    /// `\u007f`, for output a technician reads on a terminal (`tracegate decode`); stored and uplinked JSON keeps it.
    public static func append(_ value: String, to out: inout [UInt8], escapingDelete: Bool = false) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard
                    byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                        || (escapingDelete && byte == 0x7F)
                else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
                case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
                case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
                default:
                    let hex = String(byte, radix: 16)
                    out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
