import Foundation
import Simulators
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
        let sockets = try (0..<count).map { _ in try LoopbackListener() }
        let listeners = sockets.map(\.fileDescriptor)
        let ports = sockets.map(\.port)
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
