/// Percent-encoding of text as UTF-8 bytes (RFC 3986 §2.1): ASCII letters, digits and a few marks pass, every
/// other byte becomes `%XX` in upper-case hex, so `猪` (E7 8C AA) becomes `%E7%8C%AA`.
public enum PercentEncoding {
    /// RFC 3986 §2.3 "unreserved": ALPHA / DIGIT / `-._~` pass. For URI path segments and URNs.
    public static func unreserved(_ text: String) -> String { encode(text, passing: "-._~") }

    /// `application/x-www-form-urlencoded` values (WHATWG URL Standard, "urlencoded byte serializer"): ALPHA,
    /// DIGIT and `*-._` pass, space becomes `+`. Java's `URLDecoder` and every form parser read this back.
    public static func formValue(_ text: String) -> String { encode(text, passing: "*-._", spaceAsPlus: true) }

    /// Encodes every byte but ASCII letters, digits and the bytes of `marks`; a space as `+` when asked.
    private static func encode(_ text: String, passing marks: String, spaceAsPlus: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case _ where marks.utf8.contains(byte):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " ") where spaceAsPlus:
                out += "+"
            default:
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
