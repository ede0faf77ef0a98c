import TraceModel
import Uplink

/// Cuts the oldest pending trades into one batch within the count and byte limits.
///
/// The byte limit uses an estimate, not the real encoding (which the transport owns and which differs per
/// format): the format's fixed text per trade (`UplinkBatchLimits.fixedBytesPerTrade`: ~1 KB for an EPCIS
/// ObjectEvent, 512 bytes for a tracegate-v1 item) plus twice the trade's variable text (escaping, and fields that
/// appear twice such as codes inside URNs). An estimate that is still too low is corrected by the platform: a 413
/// halves the batch. The cut depends only on the pending trades and the limits, so the same pending set gives the
/// same batch (and batch id) after a crash.
public enum BatchCutter {
    /// The leading trades that fit `limits`; at least one trade when `pending` is not empty.
    public static func cut(_ pending: [Trade], limits: UplinkBatchLimits) -> [Trade] {
        var total = 0
        var count = 0
        for trade in pending.prefix(limits.maxTrades) {
            let size = estimatedBytes(trade, fixed: limits.fixedBytesPerTrade)
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
        max(1, min(limits.maxTrades, limits.maxBytes / limits.fixedBytesPerTrade))
    }

    /// A generous estimate of one trade's encoded size: `fixed` plus twice its variable text.
    public static func estimatedBytes(_ trade: Trade, fixed: Int = 1_024) -> Int {
        let draft = trade.draft
        var variable =
            trade.traceCode.utf8.count + draft.station.utf8.count + draft.nodeCode.utf8.count
            + draft.operatorCode.utf8.count + draft.productCode.utf8.count + draft.productName.utf8.count
            + draft.buyer.utf8.count
        for parent in draft.parents { variable += parent.utf8.count + 48 }
        return fixed + 2 * variable
    }
}
