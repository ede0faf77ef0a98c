import Delivery
import Foundation
import Ledger
import ReferencePlatform
import Testing
import TraceModel
import Uplink
import UplinkHTTP

/// city-form-json from the ledger to the reference platform over real HTTP.
@Suite("city-form-json end to end", .timeLimit(.minutes(1)))
struct CityFormEndToEndTests {
    /// Form uploads through 500s, lost answers and all-or-nothing `success:false` answers (a row asked to
    /// retry stores nothing): every trade is held once, in commit order per stall, with the mapped fields.
    @Test func formUploadsDeliverEveryTradeOnce() async throws {
        let sandbox = try IntegrationSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.openLedger()
        let trades = try await commitTrades(ledger, count: 120, stations: 2)
        try await RunningPlatform.with(in: sandbox) { running in
            try running.platform.setFaults(
                FaultSettings(errorRate: 0.25, dropAfterStoreRate: 0.25, partialRate: 0.01, seed: 3))
            let transport = try running.transport(format: .cityFormJSON, maxBatchTrades: 25) {
                $0.cityFormMethod = "sRetailTrade"
            }
            let service = DeliveryService(
                transport: transport, ledger: ledger,
                policy: DeliveryPolicy(backoffInitial: .milliseconds(50), backoffMax: .seconds(10)),
                environment: InstantSleeps().environment(seed: 5))
            #expect(
                try await runService(service) { try ledger.reader.deliveryStatus(platform: "city").pendingCount == 0 })
            let stats = try await running.platform.stats()
            #expect(stats.tradesStored == trades.count)
            #expect(stats.counters.cityForms > 0 && stats.counters.injectedErrors > 0, "\(stats.counters)")
            #expect(stats.counters.droppedAnswers > 0 && stats.counters.retried > 0)
            for (station, codes) in commitOrderByStation(trades) {
                let difference = firstDifference(try await running.arrivals(station: station), codes)
                #expect(difference == nil, "\(station): \(difference ?? "")")
            }
            let held = try #require(try await running.platform.trade(code: trades[7].traceCode))
            #expect(held.format == "city-form-json")
            #expect(held.trade.grams == trades[7].draft.grams && held.trade.amountFen == trades[7].draft.amountFen)
            #expect(held.trade.station == trades[7].draft.station)
        }
        try await ledger.close()
    }
}
