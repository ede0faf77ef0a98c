import Foundation
import Gateway
import Logging
import Synchronization
import Testing
import TraceModel
import TradeLogic

/// Records the drafts it is asked to commit.
private final class RecordingLedger: TradeCommitting {
    let drafts = Mutex<[TradeDraft]>([])

    func commit(_ draft: TradeDraft) async throws -> Trade {
        let id = drafts.withLock {
            $0.append(draft)
            return Int64($0.count)
        }
        return Trade(
            id: id, traceCode: String(format: "%020d", id), draft: draft, committedAt: Date(), utcOffsetSeconds: 0,
            prevHash: String(repeating: "0", count: 64), hash: String(repeating: "0", count: 64))
    }
}

@Suite("Station service")
struct StationServiceTests {
    @Test func weightsBeyondTheQueueBoundAreDroppedAndTheStationTradesOnceItCatchesUp() async throws {
        let pork = CatalogueItem(code: "10010001", name: "pork", unitPriceFenPerKg: 3000)
        var settings = RetailStationSettings(
            station: "stall-1", nodeCode: "330102001", operatorCode: "3301020010001", defaultProduct: pork)
        settings.stableDuration = .zero
        let ledger = RecordingLedger()
        let service = StationService(
            settings: settings, interpreter: ScanInterpreter(catalogue: Catalogue([pork])), ledger: ledger,
            events: { _ in }, logger: Logger(label: "test"))
        // Nothing handles the mailbox yet: the bound fills with zeros and the stable 500 g behind them is dropped.
        for _ in 0..<StationService.maxQueuedWeights { service.submit(.weight(WeightReading(grams: 0, stable: true))) }
        service.submit(.weight(WeightReading(grams: 500, stable: true)))
        let running = Task { await service.run() }
        defer { running.cancel() }
        // A command goes through the same mailbox: once it is answered, every weight before it was handled.
        _ = await service.perform(.confirm)
        #expect(service.snapshot.grams == 0)
        #expect(ledger.drafts.withLock { $0.isEmpty })

        service.submit(.weight(WeightReading(grams: 500, stable: true)))
        _ = await service.perform(.confirm)
        #expect(ledger.drafts.withLock { $0.map(\.grams) } == [500])
    }
}
