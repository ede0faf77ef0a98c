import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a streamed NDJSON answer of the local API (`GET /devices/events`) line by line.
///
/// The stream has no Content-Length: Hummingbird sends it with chunked transfer encoding, so the
/// chunks are unwrapped here before splitting lines. Blocking reads suffice: `devices watch` has
/// nothing else to do while it waits.
public enum LoopbackHTTPStream {
    /// GETs `url` and calls `onLine` for each line of the body until it returns false, the server ends
    /// the stream, or the connection fails (thrown).
    public static func lines(from url: URL, onLine: (String) -> Bool) throws {
        guard url.scheme == "http", let host = url.host, !host.isEmpty else {
            throw LoopbackHTTPClient.Failure(message: "\(url) is not an http:// URL with a host")
        }
        let port = url.port ?? 80
        let path = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? "/"
        let socket = try LoopbackHTTPClient.connect(host: host, port: port, timeoutSeconds: 10)
        defer { close(socket) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(socket, $0.baseAddress, $0.count, 0) }) == request.count else {
            throw LoopbackHTTPClient.Failure(message: "sending the request failed: \(String(cString: strerror(errno)))")
        }
        var received: [UInt8] = []
        var headerEnd: Int?
        var chunked = false
        var body: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = read(socket, &buffer, buffer.count)
            if count < 0 {
                // SO_RCVTIMEO expired: a quiet stream is normal, keep waiting.
                if errno == EAGAIN || errno == EINTR { continue }
                throw LoopbackHTTPClient.Failure(message: "reading failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return }
            received += buffer[0..<count]
            if headerEnd == nil {
                guard let end = received.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound else { continue }
                let head = String(decoding: received[..<end], as: UTF8.self)
                let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
                guard status == 200 else {
                    throw LoopbackHTTPClient.Failure(
                        message: "HTTP \(status): \(String(decoding: received[end...], as: UTF8.self))")
                }
                chunked = head.lowercased().contains("transfer-encoding: chunked")
                headerEnd = end
                received.removeFirst(end)
            }
            if chunked {
                // Each chunk: hex size CRLF data CRLF; size 0 ends the body.
                while let sizeEnd = received.firstRange(of: [0x0D, 0x0A]) {
                    let sizeText = String(decoding: received[..<sizeEnd.lowerBound], as: UTF8.self)
                    guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) else {
                        throw LoopbackHTTPClient.Failure(message: "malformed chunk size '\(sizeText)'")
                    }
                    if size == 0 { return }
                    guard received.count >= sizeEnd.upperBound + size + 2 else { break }
                    body += received[sizeEnd.upperBound..<(sizeEnd.upperBound + size)]
                    received.removeFirst(sizeEnd.upperBound + size + 2)
                }
            } else {
                body += received
                received.removeAll()
            }
            while let newline = body.firstIndex(of: 0x0A) {
                let line = String(decoding: body[..<newline], as: UTF8.self)
                body.removeFirst(newline + 1)
                if !line.isEmpty, !onLine(line) { return }
            }
        }
    }
}
