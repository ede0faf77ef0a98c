#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file holding a secret (bearer token, client private key): it must exist, be a regular file, and be
/// neither readable by every user nor writable by the group — otherwise anyone on the gateway could read the
/// platform credentials or swap them. Messages name the file and the fix, never the content.
struct SecretFile: Sendable, Hashable {
    /// What the file is, for messages: `token file`, `client key file`.
    var role: String
    /// The path as configured.
    var path: String

    /// What identifies one version of the file: a change of any of these means it was rewritten.
    struct Stamp: Sendable, Hashable {
        /// Inode (a replace by rename changes it).
        var inode: UInt64
        /// Size in bytes.
        var size: Int64
        /// Modification time, seconds and nanoseconds.
        var modified: Int64
        /// Nanoseconds part of the modification time.
        var modifiedNanoseconds: Int64
    }

    /// Checks existence, kind and permissions; returns the file's stamp.
    func check() throws(SecretFileError) -> Stamp {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            throw SecretFileError("\(role) \(path) cannot be read (\(reason)); create it (mode 600) or fix the path")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw SecretFileError("\(role) \(path) is not a regular file; point the setting at the file itself")
        }
        let mode = info.st_mode & 0o777
        if mode & 0o004 != 0 {
            throw SecretFileError(
                "\(role) \(path) is readable by every user (mode \(octal(mode))); run chmod 600 \(path)")
        }
        if mode & 0o020 != 0 {
            throw SecretFileError(
                "\(role) \(path) is writable by its group (mode \(octal(mode))); run chmod 600 \(path)")
        }
        return Stamp(
            inode: UInt64(info.st_ino), size: Int64(info.st_size), modified: Int64(info.st_mtim.tv_sec),
            modifiedNanoseconds: Int64(info.st_mtim.tv_nsec))
    }

    /// Checks the file and reads it whole.
    func read() throws(SecretFileError) -> (bytes: [UInt8], stamp: Stamp) {
        let stamp = try check()
        guard let file = fopen(path, "rb") else {
            let reason = String(cString: strerror(errno))
            throw SecretFileError("\(role) \(path) cannot be opened (\(reason)); check its owner and mode")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count { break }
            if bytes.count > 1_048_576 {
                throw SecretFileError("\(role) \(path) is larger than 1 MiB; is it the right file?")
            }
        }
        return (bytes, stamp)
    }

    /// `0644`.
    private func octal(_ mode: mode_t) -> String {
        let text = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}

/// A secret file that is missing, unreadable or open to others. The message never contains the content.
struct SecretFileError: Error, Sendable, Hashable {
    /// What is wrong and the fix.
    var message: String

    /// Creates an error.
    init(_ message: String) { self.message = message }
}
