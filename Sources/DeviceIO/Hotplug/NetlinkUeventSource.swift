import Glibc

/// Kernel uevents from a NETLINK_KOBJECT_UEVENT socket, read through the `PollReactor`.
///
/// Why the kernel group and not udevd's: it works without udevd (containers, minimal images), and
/// subscribing needs no privileges. The catch is that events arrive before udevd has created
/// `/dev/serial/by-id` links and applied permissions, so an open right after "add" may still fail;
/// the supervisor's backoff covers that (devices.md §5: retry ACCESS/BUSY after arrival).
public struct NetlinkUeventSource: HotplugEventSource {
    /// The kernel's multicast group (udevd re-broadcasts on group 2 in its own format).
    public var group: UInt32
    /// The reactor that waits for datagrams.
    public var reactor: PollReactor

    /// A source on `group` (1 = kernel).
    public init(group: UInt32 = 1, reactor: PollReactor = .shared) {
        self.group = group
        self.reactor = reactor
    }

    /// "netlink".
    public var name: String { "netlink" }

    /// Opens the socket and delivers every parsable uevent until cancelled.
    public func run(deliver: @escaping @Sendable (HotplugEvent) async -> Void) async throws {
        let socket = try Self.openSocket(group: group)
        defer { close(socket) }
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while !Task.isCancelled {
            do {
                _ = try await reactor.wait(socket, for: .readable)
            } catch {
                return  // cancelled
            }
            while true {
                let count = buffer.withUnsafeMutableBytes {
                    recv(socket, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
                }
                if count < 0 {
                    if errno == EINTR { continue }
                    // ENOBUFS: the kernel dropped events (a burst); the periodic rescan catches up.
                    break
                }
                guard count > 0 else { break }
                if let event = HotplugEvent(datagram: Array(buffer[0..<count])) { await deliver(event) }
            }
        }
    }

    /// A non-blocking NETLINK_KOBJECT_UEVENT socket bound to `group`.
    static func openSocket(group: UInt32) throws(HotplugUnavailable) -> Int32 {
        let socket = Glibc.socket(
            AF_NETLINK, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue),
            15)  // NETLINK_KOBJECT_UEVENT
        guard socket >= 0 else {
            throw HotplugUnavailable(message: "netlink uevent socket: \(String(cString: strerror(errno)))")
        }
        var address = NetlinkAddress(family: UInt16(AF_NETLINK), pad: 0, pid: 0, groups: group)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<NetlinkAddress>.size))
            }
        }
        guard bound == 0 else {
            let message = String(cString: strerror(errno))
            close(socket)
            throw HotplugUnavailable(message: "netlink uevent bind: \(message)")
        }
        return socket
    }
}

/// `struct sockaddr_nl` from <linux/netlink.h>, which Glibc's module does not export: the same four
/// fields in the same order, so Swift lays it out identically (12 bytes).
struct NetlinkAddress {
    /// AF_NETLINK.
    var family: UInt16
    /// Zero.
    var pad: UInt16
    /// 0: let the kernel assign the port id.
    var pid: UInt32
    /// Multicast group mask.
    var groups: UInt32
}

/// A hotplug source cannot run here; the message says why (the periodic rescan still works).
public struct HotplugUnavailable: Error, Sendable, CustomStringConvertible {
    /// Why.
    public var message: String
    /// Creates the error.
    public init(message: String) { self.message = message }
    /// The message with what happens instead.
    public var description: String { "\(message); relying on the periodic device rescan" }
}
