import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// Plain TCP servers on 127.0.0.1 that misbehave below HTTP: reset the connection on the first bytes, or read
/// and never answer.
enum RawSocketServer {
    /// What the server does with a connection.
    enum Behaviour: Sendable {
        /// Close with SO_LINGER 0 (a TCP RST) as soon as the request arrives.
        case reset
        /// Read everything, answer nothing.
        case silent
    }

    /// Runs a server for the duration of `body`, which gets the port.
    static func run<T: Sendable>(_ behaviour: Behaviour, _ body: @Sendable (Int) async throws -> T) async throws -> T {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.addHandler(Misbehaviour(behaviour: behaviour))
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        do {
            let result = try await body(port)
            try await channel.close().get()
            return result
        } catch {
            try? await channel.close().get()
            throw error
        }
    }

    /// A port on 127.0.0.1 where nothing listens (bound, then closed).
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close().get()
        return port
    }

    /// The per-connection handler.
    final class Misbehaviour: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        /// What to do.
        let behaviour: Behaviour

        /// Creates the handler.
        init(behaviour: Behaviour) { self.behaviour = behaviour }

        /// Resets on the first bytes, or swallows them.
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .reset = behaviour else { return }
            let channel = context.channel
            guard let sockets = channel as? any SocketOptionProvider else {
                channel.close(promise: nil)
                return
            }
            sockets.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
