import DeviceIO
import Foundation
import Ledger
import Synchronization
import Testing
import TraceModel
import Uplink

@testable import Gateway

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An in-memory platform that stores trace codes and rejects the ones it is told to.
final class MemoryPlatform: UplinkTransport {
    /// The platform's name.
    let platformName: String
    /// Stored codes, and codes to reject.
    private let state = Mutex<(stored: [String], rejecting: Set<String>)>(([], []))

    /// Creates the platform.
    init(name: String) { platformName = name }

    /// Stored codes in arrival order.
    var stored: [String] { state.withLock { $0.stored } }

    /// Sets the codes to reject.
    func reject(_ codes: Set<String>) { state.withLock { $0.rejecting = codes } }

    /// Small batches.
    func batchLimits() async -> UplinkBatchLimits { UplinkBatchLimits(maxTrades: 10, maxBytes: 1 << 20) }

    /// Stores or rejects every trade.
    func send(_ batch: UplinkBatch) async throws(UplinkSendError) -> BatchReply {
        state.withLock { state in
            .perItem(
                batch.trades.map { trade in
                    if state.rejecting.contains(trade.traceCode) {
                        return ItemResult(traceCode: trade.traceCode, outcome: .rejected(reason: "product not filed"))
                    }
                    if !state.stored.contains(trade.traceCode) { state.stored.append(trade.traceCode) }
                    return ItemResult(traceCode: trade.traceCode, outcome: .accepted)
                })
        }
    }
}

/// The gateway with an uplink: delivery services in the service group, the local API's sync and outbox routes.
@Suite("Gateway uplink", .serialized, .timeLimit(.minutes(1)))
struct UplinkRuntimeTests {
    @Test func tradesAreDeliveredAndTheAPIShowsStatusOutboxAndAlarms() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tracegate-uplink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scale = try PseudoTerminal()
        let yaml = """
            node: {code: "330102001", operators: [{code: "3301020010001"}]}
            ledger: {path: "\(directory.path)/ledger.db"}
            api: {listen: "127.0.0.1:0"}
            devices:
              - {id: scale, protocol: xk3190-a12, path: "\(scale.slavePath)"}
            catalogue:
              - {code: "10010001", name: 猪肉, price_fen: 1500, price_unit: jin}
            stations:
              - {id: stall-1, operator: "3301020010001", scale: scale}
            uplink:
              platforms:
                - {name: city, url: "http://127.0.0.1:9/tracegate", format: tracegate-v1}
            """
        let configuration = try GatewayConfiguration.load(yaml: yaml, file: "uplink.yaml")
        let platform = MemoryPlatform(name: "city")
        var options = GatewayOptions()
        options.handleSignals = false
        options.apiPortOverride = 0
        options.makeUplinkTransport = { settings, node in
            #expect(settings.name == "city" && node.code == "330102001")
            return platform
        }
        let log = EventLog()
        let runtime = try GatewayRuntime(configuration: configuration, options: options, events: log.sink)
        #expect(runtime.deliveries.map(\.platform) == ["city"])
        let draft = TradeDraft(
            station: "stall-1", nodeCode: "330102001", operatorCode: "3301020010001", productCode: "10010001",
            productName: "猪肉", grams: 1000, unitPriceFen: 3000, amountFen: 3000, parents: [])

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await runtime.run() }
            try await log.wait("ready") { log.apiPort != nil }
            let base = "http://127.0.0.1:\(log.apiPort!)"
            func get(_ path: String) async throws -> (Int, Data) {
                let (data, response) = try await URLSession.shared.data(from: URL(string: base + path)!)
                return ((response as! HTTPURLResponse).statusCode, data)
            }
            func post(_ path: String) async throws -> (Int, Data) {
                var request = URLRequest(url: URL(string: base + path)!)
                request.httpMethod = "POST"
                let (data, response) = try await URLSession.shared.data(for: request)
                return ((response as! HTTPURLResponse).statusCode, data)
            }

            // Committed after start: the delivery service wakes on the commit.
            let first = try await runtime.ledger.commit(draft)
            platform.reject([try await Self.nextCode(after: first)])
            var trades = [first]
            for _ in 0..<4 { trades.append(try await runtime.ledger.commit(draft)) }
            try await log.wait("delivery") { platform.stored.count == 4 }
            let refused = trades[1].traceCode

            try await log.wait("status settles") {
                (try? runtime.ledger.reader.deliveryStatus(platform: "city").pendingCount) == 0
            }
            let statuses = try JSONDecoder().decode([SyncStatusJSON].self, from: try await get("/sync").1)
            #expect(statuses.first?.pending == 0 && statuses.first?.rejected == 1)
            #expect(statuses.map(\.platform) == ["city"])
            #expect(statuses.first?.last_success_at != nil)
            let health = try JSONDecoder().decode(HealthReply.self, from: try await get("/health").1)
            #expect(health.status == "alarm")
            #expect(health.alarms?.first?.contains("platform city rejected 1 trade(s)") == true)
            let rejected = try JSONDecoder().decode(
                [OutboxEntryJSON].self, from: try await get("/outbox?state=rejected&platform=city").1)
            #expect(rejected.map(\.trade.trace_code) == [refused])
            #expect(rejected.first?.reason == "product not filed")
            #expect(try await get("/outbox?state=delivered").0 == 400)

            platform.reject([])
            let (retryStatus, retryBody) = try await post("/outbox/\(refused)/retry")
            #expect(retryStatus == 200)
            #expect(try JSONDecoder().decode(RetryReply.self, from: retryBody).platforms == ["city"])
            try await log.wait("retried trade delivered") { platform.stored.count == 5 }
            #expect(try await post("/outbox/\(refused)/retry").0 == 409)
            #expect(try await post("/sync/now").0 == 200)
            try await log.wait("alarm cleared") { runtime.alarms().isEmpty }
            let healthy = try JSONDecoder().decode(HealthReply.self, from: try await get("/health").1)
            #expect(healthy.status == "ok" && healthy.alarms == nil)

            await runtime.stop()
            try await group.waitForAll()
        }
        #expect(Set(platform.stored).count == 5)
    }

    /// The trace code the standard template gives the trade after `trade` at the same operator.
    static func nextCode(after trade: Trade) async throws -> String {
        let sequence = Int(trade.traceCode.suffix(7))! + 1
        return String(trade.traceCode.prefix(13)) + String(format: "%07d", sequence)
    }
}
