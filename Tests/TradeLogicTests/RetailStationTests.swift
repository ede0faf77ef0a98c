import Foundation
import Testing
import TraceModel

@testable import TradeLogic

/// Builds stations and feeds them scripted inputs at scripted times.
struct StationHarness {
    static let pork = CatalogueItem(
        code: "10010001", name: "猪后腿肉", unitPriceFenPerKg: 3000, plu: "000123", gtins: ["6901234567892"])
    static let cabbage = CatalogueItem(code: "20010002", name: "大白菜", unitPriceFenPerKg: 360, plu: "000456")

    var station: RetailStation
    var now: Duration = .zero
    var actions: [StationAction] = []

    init(
        trigger: RetailStationSettings.Trigger = .stable, defaultProduct: CatalogueItem? = nil,
        clearAfterTrade: Bool = false
    ) {
        let settings = RetailStationSettings(
            station: "stall-12", nodeCode: "330102001", operatorCode: "3301020010001", trigger: trigger,
            defaultProduct: defaultProduct, clearAfterTrade: clearAfterTrade)
        let interpreter = ScanInterpreter(
            catalogue: Catalogue([Self.pork, Self.cabbage]), commandCodes: ["*CONFIRM*": .confirm, "*CLEAR*": .clear])
        station = RetailStation(settings: settings, interpreter: interpreter)
    }

    mutating func send(_ input: StationInput, after ms: Int = 0) {
        now += .milliseconds(ms)
        actions += station.handle(input, at: now)
    }

    mutating func weigh(_ grams: Int64, stable: Bool = true, after ms: Int = 100) {
        send(.weight(WeightReading(grams: grams, stable: stable)), after: ms)
    }

    /// Emits `count` frames of the same weight, `every` ms apart.
    mutating func hold(_ grams: Int64, frames count: Int, every ms: Int = 100) {
        for _ in 0..<count { weigh(grams, after: ms) }
    }

    var commits: [TradeDraft] {
        actions.compactMap { if case .commit(let draft) = $0 { draft } else { nil } }
    }
    var rejections: [StationRejection] {
        actions.compactMap { if case .rejected(let rejection) = $0 { rejection } else { nil } }
    }

    /// Completes the outstanding commit as the ledger would.
    mutating func commitSucceeds(code: String = "33010200100010000001") {
        guard let draft = commits.last else { return }
        let trade = Trade(
            id: 1, traceCode: code, draft: draft, committedAt: Date(timeIntervalSince1970: 0), utcOffsetSeconds: 28800,
            prevHash: String(repeating: "0", count: 64), hash: "h")
        send(.committed(trade))
    }
}

@Suite("Retail station")
struct RetailStationTests {
    @Test func scanThenStableWeightCommitsOnceWithSourceAndPrice() {
        var h = StationHarness()
        h.weigh(0)
        h.send(.scan(BarcodeRead(data: "33010200100010000027")))
        h.send(.scan(BarcodeRead(data: "6901234567892", symbology: "]E0")))
        h.weigh(1200, stable: false)
        h.weigh(1234, stable: false)
        h.hold(1234, frames: 4)  // 400 ms stable: not yet
        #expect(h.commits.isEmpty)
        h.hold(1234, frames: 2)  // 600 ms
        #expect(h.commits.count == 1)
        let draft = h.commits[0]
        #expect(draft.grams == 1234)
        #expect(draft.productCode == "10010001")
        #expect(draft.unitPriceFen == 3000)
        #expect(draft.amountFen == 3702)  // 1.234 kg × 30.00 ¥/kg = 37.02 ¥
        #expect(draft.parents == ["33010200100010000027"])
        #expect(draft.operatorCode == "3301020010001")
        h.hold(1234, frames: 20)
        #expect(h.commits.count == 1, "the same item is never counted twice")
    }

    @Test func nextTradeNeedsReturnToZero() {
        var h = StationHarness(defaultProduct: StationHarness.cabbage)
        h.weigh(0)
        h.hold(500, frames: 7)
        h.commitSucceeds()
        #expect(h.commits.count == 1)
        h.hold(800, frames: 10)  // a second item added on top without emptying the scale
        #expect(h.commits.count == 1)
        h.weigh(4)  // within the zero band
        h.hold(800, frames: 7)
        #expect(h.commits.count == 2)
        #expect(h.commits[1].grams == 800)
        #expect(h.commits[1].amountFen == 288)  // 0.8 kg × 3.60 = 2.88
    }

    @Test func itemLeftOnScaleAtStartIsNotSoldUntilZero() {
        var h = StationHarness(defaultProduct: StationHarness.pork)
        h.hold(700, frames: 20)
        #expect(h.commits.isEmpty)
        h.weigh(0)
        h.hold(700, frames: 7)
        #expect(h.commits.count == 1)
    }

    @Test func weightChangeRestartsStabilityTimer() {
        var h = StationHarness(defaultProduct: StationHarness.pork)
        h.weigh(0)
        h.hold(700, frames: 4)
        h.hold(702, frames: 4)  // a stable flag but a different value: timer restarts
        #expect(h.commits.isEmpty)
        h.hold(702, frames: 2)
        #expect(h.commits.count == 1)
        #expect(h.commits[0].grams == 702)
    }

    @Test func tickCommitsWhenFramesAreSparse() {
        var h = StationHarness(defaultProduct: StationHarness.pork)
        h.weigh(0)
        h.weigh(900)
        #expect(h.station.nextDeadline == h.now + .milliseconds(500))
        h.send(.tick, after: 499)
        #expect(h.commits.isEmpty)
        h.send(.tick, after: 1)
        #expect(h.commits.count == 1)
    }

    @Test func belowMinimumNegativeAndOverloadAreRefused() {
        var h = StationHarness(defaultProduct: StationHarness.pork)
        h.weigh(0)
        h.hold(15, frames: 10)
        #expect(h.commits.isEmpty)
        h.hold(-300, frames: 3)
        #expect(h.rejections.map(\.kind) == [.belowZero])
        h.send(.weight(WeightReading(grams: 0, stable: false, overload: true)), after: 100)
        h.send(.weight(WeightReading(grams: 0, stable: false, overload: true)), after: 100)
        #expect(h.rejections.map(\.kind) == [.belowZero, .overload])
        #expect(h.commits.isEmpty)
    }

    @Test func noProductPromptsOnceAndCommitsAfterScan() {
        var h = StationHarness()
        h.weigh(0)
        h.hold(1000, frames: 10)
        let notices = h.actions.filter {
            if case .notice(let text) = $0 { text.contains("scan a product") } else { false }
        }
        #expect(notices.count == 1)
        #expect(h.commits.isEmpty)
        h.send(.scan(BarcodeRead(data: "000456")))
        #expect(h.commits.count == 1)
        #expect(h.commits[0].productCode == "20010002")
    }

    @Test func unknownAndGarbageBarcodesAreRejectedWithReason() {
        var h = StationHarness()
        h.send(.scan(BarcodeRead(data: "6901234567893")))
        h.send(.scan(BarcodeRead(data: "ABC\u{01}\u{FFFD}")))
        h.send(.scan(BarcodeRead(data: "HELLO")))
        #expect(h.rejections.count == 3)
        #expect(h.rejections[0].message.contains("check digit"))
        #expect(h.rejections[1].message.contains("garbage"))
        #expect(h.rejections[2].message.contains("unknown barcode 'HELLO'"))
        #expect(h.station.currentProduct == nil)
    }

    @Test func confirmTriggerWaitsForConfirmationAndExplainsRefusals() {
        var h = StationHarness(trigger: .confirm, defaultProduct: StationHarness.pork)
        h.send(.command(.confirm))
        #expect(h.rejections.last?.kind == .notReady)
        h.weigh(0)
        h.hold(2000, frames: 3)
        h.send(.command(.confirm))
        #expect(h.rejections.last?.message == "weight is not stable yet")
        h.hold(2000, frames: 10)
        #expect(h.commits.isEmpty)
        h.send(.scan(BarcodeRead(data: "*CONFIRM*")))
        #expect(h.commits.count == 1)
        h.commitSucceeds()
        h.send(.command(.confirm))
        #expect(h.commits.count == 1)
        #expect(h.rejections.last?.message.contains("return to zero") == true)
    }

    @Test func failedCommitIsReportedAndNeedsZeroBeforeRetry() {
        var h = StationHarness(defaultProduct: StationHarness.pork)
        h.weigh(0)
        h.hold(1500, frames: 7)
        #expect(h.commits.count == 1)
        h.send(.commitFailed(reason: "ledger is full"))
        #expect(h.rejections.last?.kind == .notRecorded)
        #expect(h.rejections.last?.message == "trade NOT recorded: ledger is full")
        h.hold(1500, frames: 20)
        #expect(h.commits.count == 1, "no hammering of a failing ledger")
        h.weigh(0)
        h.hold(1500, frames: 7)
        #expect(h.commits.count == 2)
    }

    @Test func sourceAndProductStayUnlessClearAfterTrade() {
        var sticky = StationHarness()
        sticky.weigh(0)
        sticky.send(.scan(BarcodeRead(data: "33010200100010000027")))
        sticky.send(.scan(BarcodeRead(data: "000123")))
        sticky.hold(500, frames: 7)
        sticky.commitSucceeds()
        #expect(sticky.station.currentProduct == StationHarness.pork)
        #expect(sticky.station.sources == ["33010200100010000027"])

        var clearing = StationHarness(clearAfterTrade: true)
        clearing.weigh(0)
        clearing.send(.scan(BarcodeRead(data: "000123")))
        clearing.hold(500, frames: 7)
        clearing.commitSucceeds()
        #expect(clearing.station.currentProduct == nil)
    }
}
