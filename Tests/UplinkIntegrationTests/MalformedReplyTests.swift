import Delivery
import Foundation
import Hummingbird
import Ledger
import Logging
import Testing
import TraceModel
import Uplink
import UplinkHTTP

/// A platform that answers garbage: the gateway must not take it for an acceptance.
@Suite("Malformed platform replies", .timeLimit(.minutes(1)))
struct MalformedReplyTests {
    /// `200 application/json` with a cut-off JSON body: after several sends every trade is still pending, the
    /// ledger's delivery status carries the bad-reply error, and the live snapshot counts the failures.
    @Test func malformedJSONKeepsTradesPendingAndShowsTheError() async throws {
        let sandbox = try IntegrationSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.openLedger()
        try await commitTrades(ledger, count: 12, stations: 2)
        let router = Router()
        router.post("/v1/trades:batch") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"batch_id":"abc","results":[{"trace_co"#)))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: Logger(label: "malformed-platform") { _ in SwiftLogNoOpLogHandler() })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            var logger = Logger(label: "integration-transport")
            logger.logLevel = .critical
            let transport = try HTTPUplinkTransport(
                settings: HTTPUplinkSettings(name: "city", baseURL: "http://127.0.0.1:\(port)", format: .tracegateV1),
                node: integrationNode, logger: logger)
            let service = DeliveryService(
                transport: transport, ledger: ledger, environment: InstantSleeps().environment(seed: 1))
            #expect(try await runService(service) { service.snapshot.consecutiveFailures >= 4 })
            let status = try ledger.reader.deliveryStatus(platform: "city")
            #expect(status.pendingCount == 12)
            #expect(status.settledThroughID == 0)
            #expect(status.lastSuccessAt == nil)
            let error = status.lastError ?? ""
            #expect(error.contains("answer is not a tracegate-v1 BatchResult"), "\(error)")
            #expect(error.contains("city"), "\(error)")
            let pending = try ledger.reader.outbox(platform: "city", state: .pending, limit: 20)
            #expect(pending.count == 12)
            #expect(pending.allSatisfy { $0.attempts >= 4 })
            group.cancelAll()
        }
        try await ledger.close()
    }
}
