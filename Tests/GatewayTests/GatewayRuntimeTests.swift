import DeviceIO
import DeviceProtocols
import Foundation
import Ledger
import Synchronization
import Testing
import TraceModel
import TradeLogic

@testable import Gateway

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Collects gateway events and lets a test wait for one.
final class EventLog: Sendable {
    let events = Mutex<[GatewayEvent]>([])

    /// The sink to hand to the runtime.
    var sink: GatewayEventSink { { event in self.events.withLock { $0.append(event) } } }

    var trades: [Trade] {
        events.withLock { $0 }.compactMap { if case .tradeAcknowledged(let t) = $0 { t } else { nil } }
    }
    var rejections: [StationRejection] {
        events.withLock { $0 }.compactMap { if case .rejected(_, let r) = $0 { r } else { nil } }
    }
    var apiPort: Int? {
        events.withLock { $0 }.compactMap { if case .ready(let port) = $0 { port } else { nil } }.first
    }

    /// Polls until `condition` holds (10 s at most).
    func wait(_ what: String, until condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw WaitTimeout(what: what) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

struct WaitTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// A gateway on two test-driven pseudo-terminals (scale: xk3190-a12, scanner: barcode-line).
struct StallRig {
    let directory: URL
    let scale: PseudoTerminal
    let scanner: PseudoTerminal
    let runtime: GatewayRuntime
    let log = EventLog()

    init(trigger: String = "stable", ledgerQuotaMiB: Int? = nil, extra: String = "") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tracegate-rig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        scale = try PseudoTerminal()
        scanner = try PseudoTerminal()
        let yaml = """
            node: {code: "330102001", operators: [{code: "3301020010001", name: 张三}]}
            ledger: {path: "\(directory.path)/ledger.db"}
            api: {listen: "127.0.0.1:0"}
            devices:
              - {id: scale, protocol: xk3190-a12, path: "\(scale.slavePath)", stable_frames: 2}
              - {id: scanner, protocol: barcode-line, path: "\(scanner.slavePath)"}
            catalogue:
              - {code: "10010001", name: 猪后腿肉, price_fen: 1500, price_unit: jin, plu: "000123", gtin: ["6901234567892"]}
            stations:
              - {id: stall-1, operator: "3301020010001", scale: scale, scanner: scanner, trigger: \(trigger), stable_ms: 0}
            \(extra)
            """
        let configuration = try GatewayConfiguration.load(yaml: yaml, file: "rig.yaml")
        var options = GatewayOptions()
        options.handleSignals = false
        options.apiPortOverride = 0
        runtime = try GatewayRuntime(configuration: configuration, options: options, events: log.sink)
    }

    func weigh(_ grams: Int64, frames: Int = 3, overload: Bool = false) async throws {
        let frame = XK3190A12Encoder().encode(WeightReading(grams: grams, stable: true, net: false, overload: overload))
        for _ in 0..<frames {
            try await scale.write(frame)
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    func scan(_ data: String, symbology: String? = nil) async throws {
        try await scanner.write(BarcodeLineEncoder().encode(BarcodeRead(data: data, symbology: symbology)))
    }

    /// Runs `body` while the gateway runs, then stops it and checks it stopped cleanly.
    func with(_ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await runtime.run() }
            try await log.wait("ready") { log.apiPort != nil }
            do {
                try await body()
            } catch {
                await runtime.stop()
                throw error
            }
            await runtime.stop()
            try await group.waitForAll()
        }
    }

    func post(_ path: String) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(log.apiPort!)\(path)")!)
        request.httpMethod = "POST"
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, data)
    }

    func get(_ path: String) async throws -> Data {
        try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(log.apiPort!)\(path)")!).0
    }
}

@Suite("Gateway runtime on pseudo-terminals", .serialized)
struct GatewayRuntimeTests {
    /// With hotplug turned off the monitor has nothing to watch and ends at once; the gateway must run on (it
    /// used to stop right after "ready", because a service that returns stops the group).
    @Test func hotplugOffKeepsTheGatewayRunning() async throws {
        let rig = try StallRig(extra: "hotplug: {netlink: false, rescan_interval_ms: 0}")
        try await rig.with {
            try await Task.sleep(for: .milliseconds(500))
            try await rig.weigh(0)
            try await rig.scan("6901234567892", symbology: "]E0")
            try await Task.sleep(for: .milliseconds(50))
            try await rig.weigh(1234)
            try await rig.log.wait("a trade") { rig.log.trades.count == 1 }
            #expect(rig.log.trades[0].draft.grams == 1234)
        }
    }

    @Test func scanAndStableWeightBecomeADurableTradeWithSource() async throws {
        let rig = try StallRig()
        try await rig.with {
            try await rig.weigh(0)
            try await rig.scan("33010200100010000027", symbology: "]C0")
            try await rig.scan("6901234567892", symbology: "]E0")
            try await Task.sleep(for: .milliseconds(50))
            try await rig.weigh(1234)
            try await rig.log.wait("a trade") { rig.log.trades.count == 1 }
            let trade = rig.log.trades[0]
            #expect(trade.traceCode == "33010200100010000001")
            #expect(trade.draft.grams == 1234)
            #expect(trade.draft.amountFen == 3702)
            #expect(trade.draft.parents == ["33010200100010000027"])
            // Durable before acknowledged: a fresh read-only connection sees it.
            let reader = try TradeLedger.openReadOnly(path: rig.directory.path + "/ledger.db")
            #expect(try reader.trade(traceCode: trade.traceCode) == trade)
            // The API serves it.
            let listed = try JSONDecoder().decode([TradeJSON].self, from: try await rig.get("/trades"))
            #expect(listed.map(\.trace_code) == [trade.traceCode])
            let devices = try JSONDecoder().decode([DeviceStatusJSON].self, from: try await rig.get("/devices"))
            #expect(devices.map(\.state) == ["connected", "connected"])
            // The same item is not sold twice; after zero the next one is.
            try await rig.weigh(1234, frames: 5)
            try await rig.weigh(0)
            try await rig.weigh(800)
            try await rig.log.wait("a second trade") { rig.log.trades.count == 2 }
            #expect(rig.log.trades[1].traceCode == "33010200100010000002")
        }
    }

    @Test func badInputIsRefusedWithReasonsAndNothingIsRecorded() async throws {
        let rig = try StallRig()
        try await rig.with {
            try await rig.weigh(0)
            try await rig.scan("6901234567893")  // wrong check digit
            try await rig.scan("NOT-A-PRODUCT")
            try await rig.scale.write(Array("garbage\r\n".utf8))
            try await rig.weigh(0, frames: 2, overload: true)
            try await rig.weigh(-500)
            try await rig.log.wait("four refusals") { rig.log.rejections.count >= 4 }
            let kinds = rig.log.rejections.map(\.kind)
            #expect(kinds.filter { $0 == .unknownBarcode }.count == 2)
            #expect(kinds.contains(.overload))
            #expect(kinds.contains(.belowZero))
            #expect(rig.log.rejections.contains { $0.message.contains("check digit") })
            #expect(rig.log.trades.isEmpty)
            let devices = try JSONDecoder().decode([DeviceStatusJSON].self, from: try await rig.get("/devices"))
            #expect(devices.first { $0.id == "scale" }!.decode_errors >= 1)
        }
    }

    @Test func confirmTriggerThroughTheLocalAPI() async throws {
        let rig = try StallRig(trigger: "confirm")
        try await rig.with {
            let (early, earlyBody) = try await rig.post("/stations/stall-1/confirm")
            #expect(early == 409)
            #expect(String(decoding: earlyBody, as: UTF8.self).contains("refused"))
            try await rig.weigh(0)
            try await rig.scan("000123")
            try await rig.weigh(2500, frames: 4)
            try await rig.log.wait("stable weight at the station") {
                rig.runtime.station("stall-1")?.snapshot.grams == 2500
            }
            #expect(rig.log.trades.isEmpty, "trigger confirm never commits by itself")
            let (status, body) = try await rig.post("/stations/stall-1/confirm")
            #expect(status == 200)
            let reply = try JSONDecoder().decode(ConfirmReply.self, from: body)
            #expect(reply.trade?.grams == 2500)
            #expect(reply.trade?.amount_fen == 7500)
            let (again, againBody) = try await rig.post("/stations/stall-1/confirm")
            #expect(again == 409)
            #expect(String(decoding: againBody, as: UTF8.self).contains("return to zero"))
            let (missing, _) = try await rig.post("/stations/nope/confirm")
            #expect(missing == 404)
        }
    }

    @Test func fullLedgerRefusesTheTradeAndLosesNothing() async throws {
        let rig = try StallRig()
        try await rig.with {
            try await rig.weigh(0)
            try await rig.scan("000123")
            try await rig.weigh(1000)
            try await rig.log.wait("first trade") { rig.log.trades.count == 1 }
            // The disk is "full": the ledger may not grow by a single page.
            let size =
                try FileManager.default.attributesOfItem(atPath: rig.directory.path + "/ledger.db")[.size] as! Int
            try await rig.runtime.ledger.setQuota(maxBytes: Int64(size))
            var round = 0
            while rig.log.rejections.allSatisfy({ $0.kind != .notRecorded }) {
                round += 1
                try #require(round < 200, "the full ledger never refused a trade")
                try await rig.weigh(0)
                try await rig.weigh(Int64(1000 + round * 10))
                try await Task.sleep(for: .milliseconds(20))
            }
            let refusal = rig.log.rejections.first { $0.kind == .notRecorded }!
            #expect(refusal.message.hasPrefix("trade NOT recorded: "))
            #expect(refusal.message.contains("full"))
            let acknowledged = rig.log.trades
            let reader = try TradeLedger.openReadOnly(path: rig.directory.path + "/ledger.db")
            for trade in acknowledged { #expect(try reader.trade(traceCode: trade.traceCode) == trade) }
            #expect(try reader.verify().isIntact)
            // Space freed: trading resumes, codes continue without a gap or repeat.
            try await rig.runtime.ledger.setQuota(maxBytes: nil)
            let before = rig.log.trades.count
            try await rig.weigh(0)
            try await rig.weigh(777)
            try await rig.log.wait("trade after space was freed") { rig.log.trades.count == before + 1 }
            let codes = rig.log.trades.map(\.traceCode)
            #expect(Set(codes).count == codes.count)
            #expect(codes.last == "3301020010001" + String(format: "%07d", codes.count))
        }
    }
}
