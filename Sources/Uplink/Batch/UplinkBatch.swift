import Crypto
import TraceModel

/// An ordered set of committed trades sent together, with an id that depends only on which trades are in it.
///
/// The batch id is the lowercase hex SHA-256 of the trace codes in batch order, each followed by one line feed
/// (`"33010200100010000001\n33010200100010000002\n"`). Trace codes are unique forever and never contain a line
/// feed, so:
/// - a resend of the same trades (after a timeout, a crash, a restart) carries the same id, and the platform can
///   answer it from its idempotency store instead of recording the trades twice;
/// - any other selection or order of trades gets a different id.
/// Each trade's trace code is in turn the idempotency key of that trade (a platform that already has it must
/// answer `duplicate`, which counts as accepted).
public struct UplinkBatch: Sendable, Hashable {
    /// The trades, in ledger order as given.
    public let trades: [Trade]
    /// `SHA-256(trace codes, each + "\n")`, 64 lowercase hex digits.
    public let id: String

    /// A batch of these trades, in this order. An empty batch is allowed (its id is the hash of nothing).
    public init(trades: [Trade]) {
        self.trades = trades
        self.id = Self.id(traceCodes: trades.map(\.traceCode))
    }

    /// The trace codes, in batch order.
    public var traceCodes: [String] { trades.map(\.traceCode) }

    /// The batch id of these trace codes.
    public static func id(traceCodes: [String]) -> String {
        var hasher = SHA256()
        let lineFeed: [UInt8] = [0x0A]
        for code in traceCodes {
            var code = code
            code.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            hasher.update(data: lineFeed)
        }
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
