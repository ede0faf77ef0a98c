import Foundation

/// A trade ready to be committed: everything but the trace code, time and hash, which the ledger assigns.
public struct TradeDraft: Sendable, Hashable, Codable {
    /// Station id from the configuration (e.g. "stall-12").
    public var station: String
    /// 9-digit circulation node code (流通节点编码).
    public var nodeCode: String
    /// 13-digit operator code (经营者编码) of the seller.
    public var operatorCode: String
    /// Product code (商品编码) from the catalogue.
    public var productCode: String
    /// Product name, for tickets and listings.
    public var productName: String
    /// Net weight sold, in grams (> 0).
    public var grams: Int64
    /// Unit price in fen per kilogram.
    public var unitPriceFen: Int64
    /// Amount in fen.
    public var amountFen: Int64
    /// Upstream codes this trade came from (来源): supplier trace codes, batch codes.
    public var parents: [String]
    /// Buyer card or code, when one was presented (验卡交易); empty otherwise.
    public var buyer: String

    /// Creates a draft.
    public init(
        station: String, nodeCode: String, operatorCode: String, productCode: String, productName: String,
        grams: Int64, unitPriceFen: Int64, amountFen: Int64, parents: [String], buyer: String = ""
    ) {
        self.station = station
        self.nodeCode = nodeCode
        self.operatorCode = operatorCode
        self.productCode = productCode
        self.productName = productName
        self.grams = grams
        self.unitPriceFen = unitPriceFen
        self.amountFen = amountFen
        self.parents = parents
        self.buyer = buyer
    }
}

/// A committed trade as stored in the ledger. Exists only after its transaction has committed.
public struct Trade: Sendable, Hashable, Codable {
    /// Ledger row id; commit order.
    public var id: Int64
    /// The trace code (追溯码), unique forever.
    public var traceCode: String
    /// The trade's contents.
    public var draft: TradeDraft
    /// Commit time, UTC.
    public var committedAt: Date
    /// Local offset from UTC at commit time, in seconds.
    public var utcOffsetSeconds: Int
    /// Hash of the previous trade in the chain (64 hex zeros for the first).
    public var prevHash: String
    /// SHA-256 (hex) over `prevHash` and this trade's canonical form.
    public var hash: String
    /// `committedAt` is earlier than the previous trade's: the wall clock was set back (docs/ledger-format.md).
    public var clockWentBack: Bool

    /// Creates a committed trade.
    public init(
        id: Int64, traceCode: String, draft: TradeDraft, committedAt: Date, utcOffsetSeconds: Int,
        prevHash: String, hash: String, clockWentBack: Bool = false
    ) {
        self.id = id
        self.traceCode = traceCode
        self.draft = draft
        self.committedAt = committedAt
        self.utcOffsetSeconds = utcOffsetSeconds
        self.prevHash = prevHash
        self.hash = hash
        self.clockWentBack = clockWentBack
    }
}
