/// `application/x-www-form-urlencoded` value encoding (WHATWG URL Standard, "urlencoded byte serializer").
enum FormURLEncoding {
    /// UTF-8 bytes; ALPHA, DIGIT and `*-._` pass, space becomes `+`, everything else `%XX` (upper-case hex).
    /// So `猪` (E7 8C AA) becomes `%E7%8C%AA`. Java's `URLDecoder` and every form parser read this back.
    static func encode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
