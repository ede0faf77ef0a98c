/// Text made safe to place in HTML element content and quoted attribute values (OWASP rule #1 and #2 escapes).
enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as character references; everything else as is.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

}
