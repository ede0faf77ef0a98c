import Testing
import TraceModel

@testable import Uplink

/// Batch ids and the exact decimal and time renderings every format relies on.
@Suite struct UplinkBatchTests {
    /// The same trades give the same id; a different selection or order does not.
    @Test func batchIDIsStableAndContentDerived() {
        let a = SampleTrades.trade(1)
        let b = SampleTrades.trade(2)
        #expect(UplinkBatch(trades: [a, b]).id == UplinkBatch(trades: [a, b]).id)
        // A resend after a crash rebuilds the trades from the ledger: only the codes matter.
        var reloaded = a
        reloaded.id = 99
        #expect(UplinkBatch(trades: [reloaded, b]).id == UplinkBatch(trades: [a, b]).id)
        #expect(UplinkBatch(trades: [b, a]).id != UplinkBatch(trades: [a, b]).id)
        #expect(UplinkBatch(trades: [a]).id != UplinkBatch(trades: [a, b]).id)
        // Documented definition: SHA-256 of each code followed by "\n" (value from `printf … | sha256sum`).
        #expect(
            UplinkBatch.id(traceCodes: ["33010200100010000001", "33010200100010000002"])
                == "ec433242665a5486963fdda8464efbdceac0968123578bc5094bbac5243e2b4b")
        #expect(UplinkBatch(trades: [a, b]).id == UplinkBatch.id(traceCodes: [a.traceCode, b.traceCode]))
    }

    /// Grams and fen render exactly, with and without trailing zeros.
    @Test func decimalsAreExact() {
        #expect(DecimalText.kilograms(grams: 1234) == "1.234")
        #expect(DecimalText.kilograms(grams: 5) == "0.005")
        #expect(DecimalText.kilograms(grams: 1200) == "1.200")
        #expect(DecimalText.yuan(fen: 3702) == "37.02")
        #expect(DecimalText.yuan(fen: -5) == "-0.05")
        #expect(DecimalText.minimal(1200, scale: 3) == "1.2")
        #expect(DecimalText.minimal(1000, scale: 3) == "1")
        #expect(DecimalText.minimal(1234, scale: 3) == "1.234")
        #expect(DecimalText.minimal(Int64.min, scale: 3) == "-9223372036854775.808")
    }

    /// Local, UTC and wall-clock renderings agree with each other and round to the millisecond.
    @Test func timesRenderInTheRecordedOffset() {
        #expect(WireTime.utc(SampleTrades.time) == "2026-11-22T10:15:30.123Z")
        #expect(WireTime.local(SampleTrades.time, offsetSeconds: 8 * 3600) == "2026-11-22T18:15:30.123+08:00")
        #expect(WireTime.local(SampleTrades.time, offsetSeconds: -6 * 3600) == "2026-11-22T04:15:30.123-06:00")
        #expect(WireTime.localWallClock(SampleTrades.time, offsetSeconds: 8 * 3600) == "2026-11-22 18:15:30")
        #expect(RFC3339.parse("2026-11-22T18:15:30.123+08:00") == RFC3339.parse("2026-11-22T10:15:30.123Z"))
        #expect(RFC3339.parse("2022-02-15T01:33:31.116000-06:00").map(WireTime.utc) == "2022-02-15T07:33:31.116Z")
        #expect(RFC3339.parse("2020-01-01T00:00:00.1235Z").map(WireTime.utc) == "2020-01-01T00:00:00.124Z")
        #expect(RFC3339.parse("2020-01-01 00:00:00Z") == nil)
        #expect(RFC3339.parse("2020-01-01T00:00:00") == nil)
    }

    /// Station kinds map to CBV steps and default from the node kind.
    @Test func stationKindsMapToBizSteps() {
        #expect(StationKind.retailSale.bizStep == "retail_selling")
        #expect(StationKind.wholesaleCheckIn.bizStep == "receiving")
        #expect(StationKind.slaughter.bizStep == "killing")
        #expect(StationKind.carcassDispatch.bizStep == "shipping")
        #expect(SampleTrades.node.stationKind(of: "stall-1") == .retailSale)
        #expect(SampleTrades.node.stationKind(of: "line-1") == .slaughter)
        #expect(UplinkNode(code: "1", name: "", kind: .wholesale_market).stationKind(of: "x") == .wholesaleSale)
        #expect(Set(UplinkNode.Kind.allCases.map(\.rawValue)).count == 6)
    }
}
