import CZlib
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ReferencePlatform
import TraceModel
import Uplink

/// Starts a real platform on 127.0.0.1 (ephemeral port) with a fresh database, and talks to it over HTTP.
struct PlatformHarness: Sendable {
    /// The running platform.
    let platform: ReferencePlatform
    /// Its port.
    let port: Int

    /// Runs `body` against a platform configured by `configure`; stops it afterwards.
    @discardableResult
    static func with<Value: Sendable>(
        _ configure: (inout PlatformConfiguration) -> Void = { _ in },
        _ body: (PlatformHarness) async throws -> Value
    ) async throws -> Value {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("platform-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = PlatformConfiguration(databasePath: directory.appendingPathComponent("p.sqlite").path)
        configure(&configuration)
        var logger = Logger(label: "platform-test")
        logger.logLevel = .warning
        let platform = try ReferencePlatform(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await platform.run() }
            let port = try await platform.listeningPort()
            do {
                let value = try await body(PlatformHarness(platform: platform, port: port))
                await platform.stop()
                return value
            } catch {
                await platform.stop()
                throw error
            }
        }
    }

    /// One request on a new connection.
    func send(
        _ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], body: [UInt8]? = nil
    ) async throws -> TestClient.Response {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.execute(
                TestClient.Request(path, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) }))
        }
    }

    /// Sends an encoded uplink body to `path`.
    func upload(_ request: UplinkRequestBody, to path: String, extra: HTTPFields = [:]) async throws
        -> TestClient.Response
    {
        var headers = extra
        headers[.contentType] = request.contentType
        for header in request.headers { headers[HeaderName(header.name)!] = header.value }
        return try await send(.post, path, headers: headers, body: request.bytes)
    }

    /// Sends a tracegate-v1 batch and decodes the answer with the gateway's decoder.
    func sendBatch(_ batch: UplinkBatch, extra: HTTPFields = [:]) async throws -> BatchReply {
        let response = try await upload(
            TraceGateV1Encoder(node: Fixtures.node).encode(batch), to: "/v1/trades:batch",
            extra: extra)
        return try TraceGateV1ReplyDecoder.decode(
            status: Int(response.status.code), headers: response.uplinkHeaders, body: response.bytes, for: batch)
    }

    /// Replaces the faults through the admin API.
    func setFaults(_ json: String) async throws {
        let response = try await send(
            .put, "/admin/faults", headers: [.contentType: "application/json"], body: Array(json.utf8))
        precondition(response.status == .ok, "PUT /admin/faults: \(response.status) \(response.text)")
    }

    /// `GET /admin/stats`.
    func stats() async throws -> PlatformStats {
        let response = try await send(.get, "/admin/stats")
        return try JSONDecoder().decode(PlatformStats.self, from: Data(response.bytes))
    }
}

extension TestClient.Response {
    /// The body bytes.
    var bytes: [UInt8] { body.map { Array($0.readableBytesView) } ?? [] }
    /// The body as text.
    var text: String { String(decoding: bytes, as: UTF8.self) }
    /// Headers as the uplink decoders take them.
    var uplinkHeaders: [UplinkHeader] { headers.map { UplinkHeader($0.name.canonicalName, $0.value) } }
}

/// Gzip compression for request bodies (the platform inflates them).
enum Gzip {
    /// `bytes` as one gzip member.
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        _ = deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
        let written = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = UInt32(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = UInt32(outputBuffer.count)
                _ = deflate(&stream, Z_FINISH)
                return outputBuffer.count - Int(stream.avail_out)
            }
        }
        return Array(output.prefix(written))
    }
}
