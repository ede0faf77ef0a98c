import Testing
import TraceModel

@testable import TradeLogic

/// Master data from the platform at the station: stop-trade orders, operator cards, the merged catalogue.
@Suite("Station master data")
struct StationMasterDataTests {
    static let stopped = "33010200100010000027"
    static let orders = StationMasterData(
        stopOrders: [.init(code: stopped, reason: "瘦肉精 positive 2026-11-20")])

    @Test func scanningAStoppedSourceIsRefusedAndNotSelected() {
        var h = StationHarness(defaultProduct: StationHarness.pork)
        h.actions += h.station.apply(Self.orders)
        h.weigh(0)
        h.send(.scan(BarcodeRead(data: Self.stopped)))
        #expect(h.station.sources.isEmpty)
        let refusal = h.rejections.last
        #expect(refusal?.kind == .stopTradeOrder)
        #expect(refusal?.message.hasPrefix("停止交易 stop-trade order: source \(Self.stopped)") == true)
        #expect(refusal?.message.contains("瘦肉精 positive 2026-11-20") == true)
        // A scale label whose source is stopped is refused too, and a clean source still works.
        h.send(.scan(BarcodeRead(data: "33010200100010000035")))
        #expect(h.station.sources == ["33010200100010000035"])
    }

    @Test func anOrderArrivingAfterSelectionBlocksEveryCommitUntilReplaced() {
        var h = StationHarness(defaultProduct: StationHarness.pork)
        h.weigh(0)
        h.send(.scan(BarcodeRead(data: Self.stopped)))
        let applied = h.station.apply(Self.orders)
        #expect(applied.count == 1)
        h.hold(1234, frames: 20)
        #expect(h.commits.isEmpty)
        #expect(h.rejections.filter { $0.kind == .stopTradeOrder }.count == 1, "said once per weight")
        h.send(.command(.confirm))
        #expect(h.rejections.filter { $0.kind == .stopTradeOrder }.count == 2, "an explicit confirm says why")
        h.send(.scan(BarcodeRead(data: "33010200100010000035")))
        h.hold(1234, frames: 7)
        #expect(h.commits.count == 1)
        #expect(h.commits[0].parents == ["33010200100010000035"])
    }

    @Test func registeredCardBecomesTheOperatorCodeOthersStayRaw() {
        var h = StationHarness(defaultProduct: StationHarness.pork)
        _ = h.station.apply(StationMasterData(operatorCodes: ["8b0d4f49": "3301020019999"]))
        h.weigh(0)
        h.send(.card(TagRead(technology: .iso14443a, id: "8B0D4F49")))
        #expect(h.station.buyer == "3301020019999")
        h.hold(1234, frames: 7)
        #expect(h.commits.first?.buyer == "3301020019999")
        h.commitSucceeds()
        h.weigh(0)
        h.send(.card(TagRead(technology: .iso14443a, id: "04A1B2C3")))
        #expect(h.station.buyer == "04A1B2C3")
    }

    @Test func platformCatalogueWinsByCodeAndRepricesSelectedAndDefaultProducts() {
        let configured = Catalogue([StationHarness.pork, StationHarness.cabbage])
        let platformPork = CatalogueItem(code: "10010001", name: "猪后腿肉", unitPriceFenPerKg: 3600, plu: "000123")
        let beef = CatalogueItem(code: "10020001", name: "牛肉", unitPriceFenPerKg: 8000)
        let merged = configured.merging(platformItems: [platformPork, beef])
        #expect(merged.items.map(\.code) == ["10010001", "10020001", "20010002"])
        #expect(merged.item(plu: "000123")?.unitPriceFenPerKg == 3600)

        var h = StationHarness(defaultProduct: StationHarness.pork)
        _ = h.station.apply(StationMasterData(catalogue: merged))
        #expect(h.station.currentProduct?.unitPriceFenPerKg == 3600)
        h.send(.scan(BarcodeRead(data: "10020001")))
        h.weigh(0)
        h.hold(1000, frames: 7)
        #expect(h.commits.first?.productCode == "10020001")
        #expect(h.commits.first?.amountFen == 8000)
    }
}
