import TraceModel
import Uplink

/// Cuts the oldest pending trades into one batch within the count and byte limits.
///
/// The byte limit uses an estimate, not the real encoding (which the transport owns and which differs per
/// format): `estimatedBytes` is deliberately generous (an EPCIS event is the largest of the three formats,
/// about 1 KB of fixed text plus the trade's fields). An estimate that is still too low is corrected by the
/// platform: a 413 halves the batch. The cut depends only on the pending trades and the limits, so the same
/// pending set gives the same batch (and batch id) after a crash.
public enum BatchCutter {
    /// Fixed bytes per trade in the largest format (EPCIS ObjectEvent keys, context, ids).
    static let fixedBytesPerTrade = 1_024

    /// The leading trades that fit `limits`; at least one trade when `pending` is not empty.
    public static func cut(_ pending: [Trade], limits: UplinkBatchLimits) -> [Trade] {
        var total = 0
        var count = 0
        for trade in pending.prefix(limits.maxTrades) {
            let size = estimatedBytes(trade)
            if count > 0, total + size > limits.maxBytes { break }
            total += size
            count += 1
        }
        return Array(pending.prefix(count))
    }

    /// How many pending trades to read for one cut: no more than can fit. Every estimate is at least
    /// `fixedBytesPerTrade`, so at most `maxBytes / fixedBytesPerTrade` trades fit (and always one). Reading
    /// `maxTrades` rows when the byte limit cuts at a third of them wasted most of the drain's ledger reads
    /// (BENCHMARKS.md §6); the cut is the same either way.
    public static func readLimit(_ limits: UplinkBatchLimits) -> Int {
        max(1, min(limits.maxTrades, limits.maxBytes / fixedBytesPerTrade))
    }

    /// A generous estimate of one trade's encoded size: fixed text plus twice its variable text (escaping,
    /// and fields that appear twice such as codes inside URNs).
    public static func estimatedBytes(_ trade: Trade) -> Int {
        let draft = trade.draft
        var variable =
            trade.traceCode.utf8.count + draft.station.utf8.count + draft.nodeCode.utf8.count
            + draft.operatorCode.utf8.count + draft.productCode.utf8.count + draft.productName.utf8.count
            + draft.buyer.utf8.count
        for parent in draft.parents { variable += parent.utf8.count + 48 }
        return fixedBytesPerTrade + 2 * variable
    }
}
