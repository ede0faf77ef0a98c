import NIOCore

/// Whether the client is still there to read an answer (the receipts log's `sender_gone`).
enum PeerPresence {
    /// False when the connection is closed or the peer has sent its FIN (it closed its end: it timed out or died).
    ///
    /// The server allows remote half-closure, so a client's FIN does not make the channel inactive; the socket's
    /// TCP state tells (Linux: anything but ESTABLISHED). HTTP clients do not half-close while awaiting an answer.
    static func isPresent(_ channel: any Channel) async -> Bool {
        guard channel.isActive else { return false }
        #if os(Linux)
            if let provider = channel as? any SocketOptionProvider,
                let info = try? await provider.getTCPInfo().get()
            {
                return info.tcpi_state == 1  // TCP_ESTABLISHED
            }
        #endif
        return true
    }
}
