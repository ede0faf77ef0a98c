/// Resolves a configured input device path (`/dev/input/by-id/…-event-kbd`, `/dev/input/by-path/…`) to its
/// event node (`/dev/input/event7`) by following the symlinks with `readlink`.
///
/// udev's links are relative (`../event7`). A link whose absolute target has a prefix before `/dev/` (a
/// sandbox root, as umockdev's testbed makes them) is taken from `/dev/` on, so the node is opened by the
/// name the sandbox emulates: umockdev 0.17 answers EVIOCGNAME/EVIOCGLED only for the node's own name,
/// not for a link to it, and its `realpath` wrapper corrupted the heap (measured), so it is not used.
enum InputDevicePath {
    /// The event node `path` leads to; `path` itself when it is no symlink (or after 8 hops). Stops at a
    /// `/dev/input/eventN` name: the kernel's nodes are never links (umockdev's are, to a pty).
    static func resolve(_ path: String) -> String {
        var current = path
        for _ in 0..<8 {
            if isEventNode(current) { return current }
            guard let target = AbsolutePath.linkTarget(current) else { return current }
            if target.hasPrefix("/") {
                if let range = target.range(of: "/dev/"), range.lowerBound != target.startIndex {
                    current = String(target[range.lowerBound...])
                } else {
                    current = target
                }
            } else {
                let directory = current.split(separator: "/", omittingEmptySubsequences: false).dropLast()
                current = AbsolutePath.normalize(directory.joined(separator: "/") + "/" + target)
            }
        }
        return current
    }

    /// Whether `path` is `/dev/input/event` followed by digits.
    static func isEventNode(_ path: String) -> Bool {
        let prefix = "/dev/input/event"
        guard path.hasPrefix(prefix) else { return false }
        let number = path.dropFirst(prefix.count)
        return !number.isEmpty && number.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
