import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// One request as the scripted platform saw it.
struct SeenRequest: Sendable {
    /// `POST`, `GET`, `OPTIONS` …
    var method: String
    /// Path with query.
    var path: String
    /// Headers, lower-cased names.
    var headers: [String: String]
    /// Body bytes as received (still compressed when gzip was used).
    var body: [UInt8]
}

/// A scripted answer.
struct ScriptedAnswer: Sendable {
    /// Status code.
    var status: Int
    /// Headers to send.
    var headers: [(String, String)]
    /// Body bytes.
    var body: [UInt8]

    /// An answer with a text body.
    init(_ status: Int, _ headers: [(String, String)] = [], body: String = "") {
        self.status = status
        self.headers = headers
        self.body = Array(body.utf8)
    }

    /// An answer with a byte body.
    init(_ status: Int, _ headers: [(String, String)] = [], bytes: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = bytes
    }

    /// `application/json` with `status` 200 unless given.
    static func json(_ text: String, status: Int = 200) -> ScriptedAnswer {
        ScriptedAnswer(status, [("Content-Type", "application/json")], body: text)
    }
}

/// A real HTTP(S) server on 127.0.0.1 (Hummingbird) whose answers come from a closure, recording every request.
struct TestPlatform {
    /// Every request so far.
    let seen = NIOLockedValueBox<[SeenRequest]>([])

    /// Runs the server for the duration of `body`, which gets the port.
    func run<T: Sendable>(
        tls: TLSConfiguration? = nil, answer: @escaping @Sendable (SeenRequest) async -> ScriptedAnswer,
        _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let seen = self.seen
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let buffer = try await request.body.collect(upTo: 16 * 1024 * 1024)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let seenRequest = SeenRequest(
                method: request.method.rawValue, path: request.uri.string, headers: headers,
                body: Array(buffer.readableBytesView))
            seen.withLockedValue { $0.append(seenRequest) }
            let scripted = await answer(seenRequest)
            var fields = HTTPFields()
            for (name, value) in scripted.headers {
                fields.append(HTTPFields.Element(name: HTTPFields.Element.Name(name)!, value: value))
            }
            return Response(
                status: HTTPResponse.Status(code: scripted.status), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: scripted.body)))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server: HTTPServerBuilder =
            try tls.map { try HTTPServerBuilder.tls(.http1(), tlsConfiguration: $0) } ?? .http1()
        let app = Application(
            responder: responder, server: server,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: Logger(label: "test-platform") { _ in SwiftLogNoOpLogHandler() })
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            do {
                let result = try await body(port)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    /// The requests seen so far.
    var requests: [SeenRequest] { seen.withLockedValue { $0 } }
}
