import Foundation

/// The platform's base URL, checked once: `https://` anywhere, plain `http://` only to this machine
/// (127.0.0.0/8, `localhost`, `::1`) — a token or trade data must not cross a network in clear text.
struct PlatformEndpoint: Sendable, Hashable {
    /// `https://host:port/prefix` without a trailing slash.
    let base: String
    /// `https://host:port`: the origin that capture job locations must stay on.
    let origin: String
    /// Whether TLS is used.
    let isTLS: Bool

    /// Checks and normalises `url`.
    init(_ url: String, platform: String) throws(HTTPUplinkConfigurationError) {
        func failure(_ message: String) -> HTTPUplinkConfigurationError {
            HTTPUplinkConfigurationError(platform: platform, message)
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw failure("base URL '\(url)' is not an absolute URL like https://platform.example.gov.cn/tracegate")
        }
        guard components.query == nil, components.fragment == nil, components.user == nil,
            components.password == nil
        else {
            throw failure(
                "base URL '\(url)' must not carry a query, fragment or user name; put secrets in the token file")
        }
        switch scheme {
        case "https": isTLS = true
        case "http":
            guard Self.isLoopback(host) else {
                throw failure(
                    "base URL '\(url)' uses plain http to \(host); only 127.0.0.0/8 and localhost may, use https://")
            }
            isTLS = false
        default:
            throw failure("base URL '\(url)' has scheme '\(scheme)'; use https:// (or http:// to localhost)")
        }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        origin = scheme + "://" + hostPart + (components.port.map { ":\($0)" } ?? "")
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        base = origin + path
    }

    /// `base` + `path` (`/capture`, `/v1/trades:batch`).
    func url(_ path: String) -> String { base + path }

    /// A `Location` answer resolved against the base; nil when it points to another origin (the token must not
    /// be sent elsewhere) or is not a URL.
    func resolve(location: String) -> String? {
        guard let baseURL = URL(string: base + "/"), let resolved = URL(string: location, relativeTo: baseURL),
            let components = URLComponents(url: resolved.absoluteURL, resolvingAgainstBaseURL: false),
            let scheme = components.scheme?.lowercased(), let host = components.host
        else { return nil }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let resolvedOrigin = scheme + "://" + hostPart + (components.port.map { ":\($0)" } ?? "")
        guard resolvedOrigin.lowercased() == origin.lowercased() else { return nil }
        return resolved.absoluteString
    }

    /// 127.0.0.0/8, `localhost` (and its subdomains, RFC 6761), `::1`.
    static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if name == "localhost" || name.hasSuffix(".localhost") || name == "::1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }
}
