import Foundation
import NIOCore

/// Ends a connection the way a crashed or unplugged platform does: no HTTP answer, a TCP reset.
///
/// Why SO_LINGER: closing a socket normally sends FIN, which a client may read as an (empty) answer; with
/// `SO_LINGER {on, 0}` the kernel discards unsent data and sends RST, so the client sees "connection reset by
/// peer" — exactly the lost answer the gateway's outbox must survive. Works for HTTPS too (the TLS handler is in
/// the same socket channel), and any answer Hummingbird tries to write afterwards fails harmlessly.
enum ConnectionAbort {
    /// Resets `channel`'s connection.
    static func reset(_ channel: any Channel) async {
        if let provider = channel as? any SocketOptionProvider {
            try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close().get()
    }
}
