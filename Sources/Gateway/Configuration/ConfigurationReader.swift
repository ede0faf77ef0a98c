import Foundation
import Yams

/// Reads typed values out of a composed YAML tree, recording an issue (with line and key path)
/// for every missing, mistyped, out-of-range or unknown key instead of stopping at the first.
final class ConfigurationReader {
    /// The file name used in issues.
    let file: String
    /// Issues found so far (each makes the file unusable).
    private(set) var issues: [ConfigurationIssue] = []
    /// Advice that does not stop the gateway (e.g. an unstable device path).
    private(set) var warnings: [ConfigurationIssue] = []
    /// Paths of the keys whose values were read, list indices as `[]` (`devices[].baud`): a test checks that
    /// every key of `ConfigurationSchema` is read by some parser.
    private(set) var keysRead: Set<String> = []

    /// Creates a reader for `file`.
    init(file: String) { self.file = file }

    /// Records an issue at `node`'s line.
    func report(_ message: String, key: String, at node: Node?) {
        issues.append(ConfigurationIssue(file: file, line: node?.mark?.line, key: key, message: message))
    }

    /// Records a warning at `node`'s line.
    func note(_ message: String, key: String, at node: Node?) {
        warnings.append(ConfigurationIssue(file: file, line: node?.mark?.line, key: key, message: message))
    }

    /// Records that the value at `key` was read (see `keysRead`).
    func read(_ key: String) {
        keysRead.insert(key.replacingOccurrences(of: #"\[[0-9]+\]"#, with: "[]", options: .regularExpression))
    }

    /// A mapping's entries by key, reporting keys not in `section` (with a suggestion when one is close).
    func mapping(_ node: Node?, key path: String, section: ConfigurationSection) -> [String: Node]? {
        mapping(node, key: path, allowed: section.names)
    }

    /// A mapping's entries by key, reporting keys not in `allowed` (with a suggestion when one is close).
    private func mapping(_ node: Node?, key path: String, allowed: [String]) -> [String: Node]? {
        guard let node else { return nil }
        read(path)
        guard case .mapping(let mapping) = node else {
            report("must be a mapping of keys to values", key: path, at: node)
            return nil
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let name = keyNode.string else {
                report("keys must be plain text", key: path, at: keyNode)
                continue
            }
            let full = path.isEmpty ? name : "\(path).\(name)"
            if !allowed.contains(name) {
                var message = "unknown key"
                if let close = Self.closest(to: name, in: allowed) { message += " (did you mean '\(close)'?)" }
                message += "; allowed here: \(allowed.joined(separator: ", "))"
                report(message, key: full, at: keyNode)
                continue
            }
            if result[name] != nil { report("key given twice", key: full, at: keyNode) }
            result[name] = value
        }
        return result
    }

    /// The entries of the list at `path` that are mappings of `section`'s keys naming themselves by a non-empty
    /// `nameKey` (`id`, `code`); the others are reported and skipped. Read lazily, so a loop over them reports
    /// problems in file order.
    func entries(
        _ node: Node?, key path: String, section: ConfigurationSection, namedBy nameKey: String
    ) -> some Sequence<ConfigurationEntry> {
        sequence(node, key: path).enumerated().lazy.compactMap { index, item in
            let key = "\(path)[\(index)]"
            guard let mapping = self.mapping(item, key: key, section: section),
                let name = self.string(mapping[nameKey], key: "\(key).\(nameKey)", required: true, parent: item),
                !name.isEmpty
            else { return nil }
            return ConfigurationEntry(key: key, node: item, mapping: mapping, name: name)
        }
    }

    /// The elements of a sequence (an absent key gives an empty list).
    func sequence(_ node: Node?, key path: String) -> [Node] {
        guard let node else { return [] }
        read(path)
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" {
            return []
        }
        guard case .sequence(let sequence) = node else {
            report("must be a list (lines starting with '- ')", key: path, at: node)
            return []
        }
        return Array(sequence)
    }

    /// A text value; `required` reports its absence.
    func string(_ node: Node?, key: String, required: Bool = false, parent: Node? = nil) -> String? {
        guard let node else {
            if required { report("missing (required)", key: key, at: parent) }
            return nil
        }
        read(key)
        guard case .scalar(let scalar) = node else {
            report("must be a single value, not a list or mapping", key: key, at: node)
            return nil
        }
        return scalar.string
    }

    /// A string of exactly `count` ASCII digits (codes: quote them in YAML so leading zeros stay).
    func digits(_ node: Node?, key: String, count: Int, required: Bool = false, parent: Node? = nil) -> String? {
        guard let text = string(node, key: key, required: required, parent: parent) else { return nil }
        guard text.count == count, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            report("must be exactly \(count) digits (got '\(text)')", key: key, at: node)
            return nil
        }
        return text
    }

    /// An integer within `range`.
    func integer(_ node: Node?, key: String, range: ClosedRange<Int64>, required: Bool = false, parent: Node? = nil)
        -> Int64?
    {
        guard let text = string(node, key: key, required: required, parent: parent) else { return nil }
        guard let value = Int64(text.replacingOccurrences(of: "_", with: "")) else {
            report("must be a whole number (got '\(text)')", key: key, at: node)
            return nil
        }
        guard range.contains(value) else {
            report("must be between \(range.lowerBound) and \(range.upperBound) (got \(value))", key: key, at: node)
            return nil
        }
        return value
    }

    /// A boolean (true/false/yes/no/on/off).
    func bool(_ node: Node?, key: String) -> Bool? {
        guard let text = string(node, key: key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            report("must be true or false (got '\(text)')", key: key, at: node)
            return nil
        }
    }

    /// One of a fixed set of words.
    func choice<T: RawRepresentable & CaseIterable>(_ node: Node?, key: String, as type: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(node, key: key) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            report("must be one of \(allowed) (got '\(text)')", key: key, at: node)
            return nil
        }
        return value
    }

    /// The allowed word nearest to `word` by edit distance, if it is close enough to be a typo.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        if let prefixed = candidates.first(where: {
            lowered.hasPrefix($0.lowercased()) || $0.lowercased().hasPrefix(lowered)
        }) {
            return prefixed
        }
        let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// One entry of a list of mappings, e.g. `devices[2]`.
struct ConfigurationEntry {
    /// Its key path, e.g. `devices[2]`.
    var key: String
    /// Where it was written.
    var node: Node
    /// Its keys.
    var mapping: [String: Node]
    /// The value of the key that names it (`id`, `code`), not empty.
    var name: String
}
