import Testing

@testable import ReferencePlatform

/// A partially accepted batch never stores a station's later trade before its earlier one.
struct StationOrderTests {
    /// After a `retry`, later `store` items of the same station become `retry`; other stations and rejected
    /// items are left alone, and a rejection does not hold later trades back.
    @Test func retryHoldsBackLaterTradesOfTheSameStationOnly() {
        let plans: [FaultInjector.ItemPlan] = [
            .store, .retry("busy"), .store, .store, .reject("bad"), .store, .store,
        ]
        let stations = ["a", "a", "b", "a", "b", "b", "a"]
        let kept = FaultInjector.keepingStationOrder(plans, stations: stations)
        #expect(kept[0] == .store && kept[1] == .retry("busy") && kept[2] == .store)
        #expect(kept[3] != .store && kept[6] != .store, "later trades of station a are retried")
        #expect(kept[4] == .reject("bad") && kept[5] == .store, "station b is unaffected; a rejection holds nothing")
    }
}
