/// Where a networked device listens: a serial device server's port (Moxa NPort, USR-TCP232 in TCP server mode,
/// `ser2net`) or a reader that speaks TCP itself.
public struct TCPEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 or IPv6 address, or a host name (resolved at every connect).
    public var host: String
    /// The TCP port, 1…65535.
    public var port: Int

    /// Creates an endpoint.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Reads `host:port` or `[ipv6]:port`; nil without a numeric port, or for an IPv6 address without brackets.
    public init?(parsing text: String) {
        let host: Substring
        let port: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            port = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let number = Int(port) else { return nil }
        self.init(host: String(host), port: number)
    }

    /// `host:port`, with an IPv6 address in brackets.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// What is wrong with the endpoint, or nil.
    public var problem: String? {
        if host.isEmpty { return "host is empty" }
        if !(1...65_535).contains(port) { return "port \(port) is outside 1…65535" }
        return nil
    }
}
