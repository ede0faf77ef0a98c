import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Scales behind serial device servers, for the TCP benchmark: one listening socket per scale on 127.0.0.1, and
/// to whoever connects, a frame every `interval` (an XK3190 in continuous mode behind a Moxa NPort). Runs on a
/// thread of its own, so the benchmark's async code never blocks on it.
final class TCPFrameServer: Sendable {
    /// The ports, one per scale.
    let ports: [Int]
    /// Listening sockets.
    private let listeners: [Int32]
    /// Set to stop the thread.
    private let stopped = Atomic<Bool>(false)
    /// Frames sent so far.
    private let sent = Atomic<Int>(0)
    /// Clients connected now.
    private let connected = Atomic<Int>(0)

    /// Listens on `count` ephemeral ports and starts sending `frame` every `interval` to each connected client.
    init(count: Int, frame: [UInt8], interval: Duration) throws {
        var listeners: [Int32] = []
        var ports: [Int] = []
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, length) == 0 && listen(fd, 4) == 0 && getsockname(fd, $0, &length) == 0
                }
            }
            guard fd >= 0, bound else { throw BenchError("cannot listen on 127.0.0.1 for the TCP scales") }
            listeners.append(fd)
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        self.listeners = listeners
        self.ports = ports
        let thread = Thread { [self] in serve(frame: frame, interval: interval) }
        thread.start()
    }

    /// Frames sent to connected clients so far.
    var framesSent: Int { sent.load(ordering: .relaxed) }
    /// Clients connected now.
    var clients: Int { connected.load(ordering: .relaxed) }

    /// Stops sending and closes every socket (the thread closes them on its way out).
    func stop() { stopped.store(true, ordering: .relaxed) }

    /// Accepts clients and sends them frames until stopped.
    private func serve(frame: [UInt8], interval: Duration) {
        var clients: [Int32] = []
        let milliseconds = Int32(
            interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000)
        while !stopped.load(ordering: .relaxed) {
            for listener in listeners {
                var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                if poll(&poller, 1, 0) == 1 {
                    let client = accept(listener, nil, nil)
                    if client >= 0 { clients.append(client) }
                }
            }
            var open: [Int32] = []
            for client in clients {
                let written = frame.withUnsafeBytes {
                    send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                }
                if written < 0 && errno != EAGAIN {
                    close(client)
                } else {
                    if written > 0 { sent.add(1, ordering: .relaxed) }
                    open.append(client)
                }
            }
            clients = open
            connected.store(clients.count, ordering: .relaxed)
            usleep(useconds_t(milliseconds) * 1000)
        }
        for client in clients { close(client) }
        for listener in listeners { close(listener) }
    }
}
