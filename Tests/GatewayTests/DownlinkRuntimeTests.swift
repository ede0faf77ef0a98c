import DeviceIO
import Foundation
import Ledger
import ReferencePlatform
import Testing
import TraceModel
import TradeLogic
import Uplink

@testable import Gateway

/// The downlink against an in-process reference platform: prices, operator cards and stop-trade orders reach
/// the station; stored master data still applies after a restart with the platform gone.
@Suite("Gateway downlink", .serialized, .timeLimit(.minutes(1)))
struct DownlinkRuntimeTests {
    static let stopped = "33010200100010000027"

    /// The gateway's configuration with an uplink to `url`.
    static func configuration(directory: URL, scalePath: String, url: String) throws -> GatewayConfiguration {
        let yaml = """
            node: {code: "330102001", operators: [{code: "3301020010001"}]}
            ledger: {path: "\(directory.path)/ledger.db"}
            api: {enabled: false}
            devices:
              - {id: scale, protocol: xk3190-a12, path: "\(scalePath)"}
            catalogue:
              - {code: "10010001", name: 猪肉, price_fen: 1500, price_unit: jin}
            stations:
              - {id: stall-1, operator: "3301020010001", scale: scale, default_product: "10010001"}
            uplink:
              platforms:
                - {name: city, url: "\(url)", format: tracegate-v1, backoff_initial_ms: 50, backoff_max_ms: 200,
                   timeout_ms: 500}
            """
        return try GatewayConfiguration.load(yaml: yaml, file: "downlink.yaml")
    }

    @Test func masterDataReachesStationsAndOutlivesThePlatform() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tracegate-downlink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scale = try PseudoTerminal()
        var platformConfiguration = PlatformConfiguration(databasePath: directory.path + "/platform.sqlite")
        platformConfiguration.masterData = MasterData(
            catalogue: [MasterCatalogue.Item(code: "10010001", name: "猪肉(后腿)", unitPriceFenPerKg: 4000)],
            operators: [OperatorRegistry.Operator(cardUID: "8B0D4F49", operatorCode: "3301020019999", name: "王五")])
        let platform = try ReferencePlatform(configuration: platformConfiguration)
        var options = GatewayOptions()
        options.handleSignals = false
        let log = EventLog()
        // 2026-11-20T08:00:00+08:00.
        let stop = StopTradeOrders.Order(
            code: Self.stopped, reason: "瘦肉精 positive", issuedAt: Date(timeIntervalSince1970: 1_795_132_800))

        let url: String = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await platform.run() }
            _ = try await platform.listeningPort()
            let url = try #require(platform.url)
            let configuration = try Self.configuration(directory: directory, scalePath: scale.slavePath, url: url)
            let runtime = try GatewayRuntime(configuration: configuration, options: options, events: log.sink)
            let downlink = try #require(runtime.downlink)
            group.addTask { try await runtime.run() }
            // The first round that fetched both documents (on a loaded machine a fetch may time out at 500 ms and
            // the round count without them: ask again, as `sync now` would).
            // The stations get a round's documents when the round ends: wait for one more finished round.
            var roundsBefore = 0
            try await log.wait("catalogue and operators fetched") {
                roundsBefore = downlink.completedRounds
                let fetched = downlink.status.filter { $0.document != "stop-orders" }.allSatisfy { $0.count == 1 }
                if !fetched, downlink.status.contains(where: { $0.last_error != nil }) { downlink.refreshNow() }
                return fetched
            }
            downlink.refreshNow()
            try await log.wait("the round that fetched them applied") { downlink.completedRounds > roundsBefore }
            let station = try #require(runtime.station("stall-1"))

            // A registered card and the platform's price make the trade.
            station.submit(.card(TagRead(technology: .iso14443a, id: "8b0d4f49")))
            station.submit(.weight(WeightReading(grams: 0, stable: true)))
            station.submit(.weight(WeightReading(grams: 1000, stable: true)))
            try await log.wait("trade") { !log.trades.isEmpty }
            let trade = try #require(log.trades.first)
            #expect(
                trade.draft.unitPriceFen == 4000 && trade.draft.amountFen == 4000 && trade.draft.productName == "猪肉(后腿)"
            )
            #expect(trade.draft.buyer == "3301020019999")

            // A stop order published now is applied on `sync now`.
            var published = platform.masterData
            published.stopOrders = [stop]
            platform.setMasterData(published)
            let rounds = downlink.completedRounds
            runtime.syncNow()
            try await log.wait("refresh after sync now") { downlink.completedRounds > rounds }
            station.submit(.scan(BarcodeRead(data: Self.stopped)))
            try await log.wait("refusal") { log.rejections.contains { $0.kind == .stopTradeOrder } }
            let refusal = try #require(log.rejections.first { $0.kind == .stopTradeOrder })
            #expect(refusal.message.contains("停止交易 stop-trade order") && refusal.message.contains("瘦肉精 positive"))
            let status = try #require(try runtime.syncStatusesWithMasterData().first?.master_data)
            #expect(status.map(\.document) == ["catalogue", "operators", "stop-orders"])
            #expect(status.map(\.count) == [1, 1, 1])
            #expect(status.allSatisfy { $0.refreshed_at != nil && $0.last_error == nil })

            await runtime.stop()
            await platform.stop()
            try await group.waitForAll()
            return url
        }

        // Restart with the platform gone: the stored documents apply, the failed refresh is recorded.
        let restartLog = EventLog()
        let configuration = try Self.configuration(directory: directory, scalePath: scale.slavePath, url: url)
        let runtime = try GatewayRuntime(configuration: configuration, options: options, events: restartLog.sink)
        let downlink = try #require(runtime.downlink)
        #expect(downlink.stationMasterData.stopOrder(for: [Self.stopped])?.reason == "瘦肉精 positive")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await runtime.run() }
            try await restartLog.wait("offline refresh") { downlink.completedRounds >= 1 }
            let station = try #require(runtime.station("stall-1"))
            station.submit(.scan(BarcodeRead(data: Self.stopped)))
            try await restartLog.wait("refusal offline") {
                restartLog.rejections.contains { $0.kind == .stopTradeOrder }
            }
            let status = downlink.status
            #expect(status.map(\.count) == [1, 1, 1])
            #expect(status.allSatisfy { $0.last_error != nil && $0.refreshed_at != nil })
            station.submit(.weight(WeightReading(grams: 0, stable: true)))
            station.submit(.weight(WeightReading(grams: 500, stable: true)))
            try await restartLog.wait("offline trade") { !restartLog.trades.isEmpty }
            #expect(restartLog.trades.first?.draft.unitPriceFen == 4000)
            await runtime.stop()
            try await group.waitForAll()
        }
    }
}
