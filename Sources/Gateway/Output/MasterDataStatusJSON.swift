import Foundation
import Ledger

/// One master data document's state in `GET /sync` (`master_data`) and `tracegate sync status`.
public struct MasterDataStatusJSON: Codable, Sendable, Hashable {
    /// `catalogue`, `operators` or `stop-orders`.
    public var document: String
    /// Entries in force (products, operators, stop orders); nil when none was ever received.
    public var count: Int?
    /// The platform's version in force.
    public var version: String?
    /// Last successful refresh (200 or 304), RFC 3339 UTC.
    public var refreshed_at: String?
    /// When the document in force was received.
    public var fetched_at: String?
    /// The last failed refresh since the last success.
    public var last_error: String?
    /// When it happened.
    public var last_error_at: String?

    /// Builds the status from the stored record and the parsed document.
    public init(document: DownlinkDocument, record: MasterDataRecord?, version: String?, count: Int?) {
        self.document = document.rawValue
        self.count = count
        self.version = version
        refreshed_at = record?.checkedAt.map(TradeJSON.rfc3339)
        fetched_at = record?.fetchedAt.map(TradeJSON.rfc3339)
        last_error = record?.lastError
        last_error_at = record?.lastErrorAt.map(TradeJSON.rfc3339)
    }
}
