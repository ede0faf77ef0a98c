import Foundation
import Testing
import TraceModel

@testable import Gateway

/// `GET /devices/events` (`tracegate devices watch`): live readings and scans stream as NDJSON over HTTP.
@Suite("Device activity stream", .serialized)
struct DeviceEventsStreamTests {
    /// Opens a raw loopback connection, sends `request`, and reads until `done` holds for the text so far
    /// (30 s at most); the stream never ends by itself, so a plain HTTP client would wait forever.
    static func read(port: Int, request: String, until done: @escaping @Sendable (String) -> Bool) async throws
        -> String
    {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        #expect(connected == 0)
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = Array(request.utf8).withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = ContinuousClock.now + .seconds(30)
        while !done(text), ContinuousClock.now < deadline {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 { text += String(decoding: buffer[0..<count], as: UTF8.self) }
            if count == 0 { break }
            try await Task.sleep(for: .milliseconds(1))
        }
        return text
    }

    @Test func readingsAndScansStreamAsJSONLines() async throws {
        let rig = try StallRig()
        try await rig.with {
            let port = rig.log.apiPort!
            async let streamed = Self.read(
                port: port, request: "GET /devices/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            ) { text in
                text.contains(#""grams":1234"#) && text.contains("33010200100010000027")
            }
            // The subscription opens some time after the request under load; like a real scale, keep sending
            // until the stream has shown a reading and a scan.
            let writer = Task {
                while !Task.isCancelled {
                    try await rig.weigh(1234)
                    try await rig.scan("33010200100010000027", symbology: "]C0")
                    try await Task.sleep(for: .milliseconds(300))
                }
            }
            defer { writer.cancel() }
            let text = try await streamed
            #expect(text.hasPrefix("HTTP/1.1 200"))
            #expect(text.lowercased().contains("application/x-ndjson"), "\(text.prefix(300))")
            #expect(text.contains(#""device":"scale""#))
            #expect(text.contains(#""grams":1234"#))
            #expect(text.contains(#""device":"scanner""#))
            #expect(text.contains("33010200100010000027"))
        }
    }
}
