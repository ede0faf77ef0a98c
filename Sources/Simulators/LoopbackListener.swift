#if canImport(Glibc)
    import Glibc
#endif

/// A listening TCP socket on 127.0.0.1: the device server end of a simulated networked device (a scale behind a
/// Moxa NPort, a reader speaking TCP), for simulators, benchmarks and tests. Nothing here leaves the loopback.
public final class LoopbackListener: Sendable {
    /// The listening descriptor (blocking; poll it before `accept`).
    public let fileDescriptor: Int32
    /// The port it listens on.
    public let port: Int

    /// Listens on 127.0.0.1:`port` (0: an ephemeral port), with SO_REUSEADDR so a test can listen again on a port
    /// it just closed.
    public init(port: Int = 0) throws(LoopbackListenerError) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LoopbackListenerError(port: port, code: errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 4) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard listening else {
            let code = errno
            Glibc.close(fd)
            throw LoopbackListenerError(port: port, code: code)
        }
        fileDescriptor = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Stops listening.
    public func close() { Glibc.close(fileDescriptor) }

    /// A loopback port nothing listens on right now, for a server started by another program (ser2net).
    public static func unusedPort() throws(LoopbackListenerError) -> Int {
        let listener = try LoopbackListener()
        defer { listener.close() }
        return listener.port
    }
}

/// A loopback socket could not be opened, bound or put to listen.
public struct LoopbackListenerError: Error, CustomStringConvertible {
    /// The port asked for (0: any).
    public let port: Int
    /// errno.
    public let code: Int32

    /// `cannot listen on 127.0.0.1:PORT: reason`.
    public var description: String { "cannot listen on 127.0.0.1:\(port): \(String(cString: strerror(code)))" }
}
