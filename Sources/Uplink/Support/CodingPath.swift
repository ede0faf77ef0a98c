/// Key paths as decoding error messages name them.
public enum CodingPath {
    /// `items[3].code`: keys joined by dots, indexes in brackets; `topLevel` when there are none.
    public static func text(_ keys: [any CodingKey], topLevel: String) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out.isEmpty ? topLevel : out
    }
}
