import Glibc

/// Text operations on absolute paths, for following symlinks by hand: udev's and sysfs's links are
/// relative (`../event7`, `../../../1-1.3`), and `realpath` cannot be used under umockdev (see
/// `InputDevicePath`).
enum AbsolutePath {
    /// Resolves "." and ".." in an absolute path written as `directory/../../x`: `a/b/../c` → `/a/c`,
    /// `a/./b` → `/a/b`; ".." at the root stays at the root.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The target of the symlink at `path` as written (relative or absolute), nil when it is none.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
