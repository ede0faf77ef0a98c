import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HTTP/1.1 client for the gateway's own local API (`tracegate confirm`).
///
/// Why not URLSession: on Linux it lives in FoundationNetworking, which links libcurl and its TLS
/// stack (about 30 libraries) into every `tracegate` process — the daemon included, where they cost
/// ~6 MB of resident memory and are never used (BENCHMARKS.md, idle RSS). The local API is plain HTTP
/// on loopback and always answers with a Content-Length (LocalAPI), so a blocking socket suffices.
public enum LoopbackHTTPClient {
    /// An answer: status code and body.
    public struct Response {
        /// HTTP status code.
        public var status: Int
        /// The body (the whole of it).
        public var body: Data
    }

    /// The request could not be made or answered; `message` says why (connection refused, timeout …).
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    /// Sends `method` with an empty body to `url` (http only) and returns the answer; gives up after `timeoutSeconds`.
    public static func send(method: String, to url: URL, timeoutSeconds: Int = 10) throws -> Response {
        guard url.scheme == "http", let host = url.host, !host.isEmpty else {
            throw Failure(message: "\(url) is not an http:// URL with a host")
        }
        let port = url.port ?? 80
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var path = components?.percentEncodedPath ?? "/"
        if let query = components?.percentEncodedQuery, !query.isEmpty { path += "?" + query }
        let socket = try connect(host: host, port: port, timeoutSeconds: timeoutSeconds)
        defer { close(socket) }
        let request = Array(
            "\(method) \(path.isEmpty || path.hasPrefix("?") ? "/" + path : path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .utf8)
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw Failure(message: "sending the request failed: \(errorText())") }
            sent += count
        }
        return try readResponse(from: socket)
    }

    /// Connects a stream socket to the first address of `host` that accepts.
    public static func connect(host: String, port: Int, timeoutSeconds: Int) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var addresses: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &addresses)
        guard resolved == 0, let first = addresses else {
            throw Failure(message: "cannot resolve \(host): \(String(cString: gai_strerror(resolved)))")
        }
        defer { freeaddrinfo(first) }
        var lastError = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            let socket = Glibc.socket(
                address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard socket >= 0 else {
                lastError = errorText()
                continue
            }
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if Glibc.connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return socket }
            lastError = errorText()
            close(socket)
        }
        throw Failure(message: "cannot connect to \(host):\(port): \(lastError)")
    }

    /// Reads the status line, headers and a Content-Length body (or everything up to end of file).
    private static func readResponse(from socket: Int32) throws -> Response {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var head: (status: Int, bodyStart: Int, length: Int?)?
        while true {
            if head == nil, let end = received.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound {
                head = try parseHead(String(decoding: received[..<end], as: UTF8.self), bodyStart: end)
            }
            if let head, let length = head.length, received.count - head.bodyStart >= length {
                return Response(status: head.status, body: Data(received[head.bodyStart..<(head.bodyStart + length)]))
            }
            let count = read(socket, &buffer, buffer.count)
            if count < 0 { throw Failure(message: "reading the answer failed: \(errorText())") }
            if count == 0 {
                guard let head else { throw Failure(message: "the connection closed before an answer") }
                return Response(status: head.status, body: Data(received[head.bodyStart...]))
            }
            received += buffer[0..<count]
        }
    }

    /// The status code and Content-Length of a response head.
    private static func parseHead(_ text: String, bodyStart: Int) throws -> (status: Int, bodyStart: Int, length: Int?)
    {
        let lines = text.split(separator: "\r\n")
        let fields = lines.first?.split(separator: " ") ?? []
        guard fields.count >= 2, fields[0].hasPrefix("HTTP/"), let status = Int(fields[1]) else {
            throw Failure(message: "not an HTTP answer: \(lines.first ?? "")")
        }
        let length = lines.dropFirst().lazy.compactMap { line -> Int? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
            return Int(parts[1].trimmingCharacters(in: .whitespaces))
        }.first
        return (status, bodyStart, length)
    }

    /// The current `errno` as text.
    private static func errorText() -> String { String(cString: strerror(errno)) }
}
