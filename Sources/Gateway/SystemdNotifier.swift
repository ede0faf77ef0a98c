import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Tells systemd about readiness and liveness over `$NOTIFY_SOCKET` (sd_notify(3) protocol),
/// without linking libsystemd. Does nothing when the variable is absent (run by hand, tests).
public struct SystemdNotifier: Sendable {
    /// The socket path, or nil when not started by systemd with `Type=notify`.
    public let socketPath: String?
    /// Watchdog interval requested by the unit (`WatchdogSec=`), if any.
    public let watchdogInterval: Duration?

    /// Reads `NOTIFY_SOCKET` and `WATCHDOG_USEC` from `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        if let text = environment["WATCHDOG_USEC"], let usec = Int64(text), usec > 0 {
            watchdogInterval = .microseconds(usec)
        } else {
            watchdogInterval = nil
        }
    }

    /// Sends `READY=1` with a status line.
    public func ready(status: String) { send("READY=1\nSTATUS=\(status)") }
    /// Sends `STOPPING=1`.
    public func stopping() { send("STOPPING=1") }
    /// Sends `WATCHDOG=1`.
    public func watchdog() { send("WATCHDOG=1") }
    /// Updates the status line `systemctl status` shows.
    public func status(_ text: String) { send("STATUS=\(text)") }

    private func send(_ message: String) {
        guard var path = socketPath else { return }
        // An abstract-namespace socket is written with a leading '@' and sent with a leading NUL.
        let abstract = path.hasPrefix("@")
        if abstract { path.removeFirst() }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count + (abstract ? 1 : 0) < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let offset = abstract ? 1 : 0
            for (index, byte) in pathBytes.enumerated() { raw[index + offset] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + (abstract ? 1 : 0))
        _ = message.withCString { text in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                    sendto(fd, text, strlen(text), Int32(MSG_NOSIGNAL), sockaddrPointer, length)
                }
            }
        }
    }
}
