import Testing
import TraceModel

@testable import TradeLogic

/// 验卡交易: a buyer card tapped on the station's card reader becomes the next trade's buyer.
@Suite("Buyer cards")
struct BuyerCardTests {
    /// A MIFARE buyer card.
    static let card = TagRead(technology: .iso14443a, id: "8B0D4F49")

    @Test func cardSelectsTheBuyerOfTheNextTradeOnly() {
        var h = StationHarness(defaultProduct: StationHarness.pork)
        h.weigh(0)
        h.send(.card(Self.card))
        #expect(h.station.buyer == "8B0D4F49")
        #expect(h.actions.contains(.notice("buyer card 8B0D4F49 selected")))
        h.hold(1234, frames: 7)
        #expect(h.commits.count == 1)
        #expect(h.commits[0].buyer == "8B0D4F49")
        h.commitSucceeds()
        #expect(h.station.buyer == nil)
        // The next customer shows no card: the trade has no buyer.
        h.weigh(0)
        h.hold(500, frames: 7)
        #expect(h.commits.count == 2)
        #expect(h.commits[1].buyer == "")
    }

    @Test func clearForgetsTheBuyerAndTradesWithoutCardHaveNone() {
        var h = StationHarness(defaultProduct: StationHarness.pork)
        h.weigh(0)
        h.send(.card(Self.card))
        h.send(.scan(BarcodeRead(data: "*CLEAR*")))
        #expect(h.station.buyer == nil)
        h.hold(800, frames: 7)
        #expect(h.commits.first?.buyer == "")
    }

    @Test func aCardTappedWhileTheWeightIsReadyCommitsWithIt() {
        var h = StationHarness(trigger: .confirm, defaultProduct: StationHarness.pork)
        h.weigh(0)
        h.hold(1000, frames: 7)
        h.send(.card(TagRead(technology: .em4100, id: "00C5D1E9", decimal: "0012964329")))
        h.send(.command(.confirm))
        #expect(h.commits.first?.buyer == "00C5D1E9")
    }
}
