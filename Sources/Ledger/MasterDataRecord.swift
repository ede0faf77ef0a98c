import Foundation

/// One master data document as the ledger keeps it (`master_data` table): the platform's body verbatim, its
/// ETag, when it was received and last confirmed current, and the last failed refresh.
public struct MasterDataRecord: Sendable, Hashable {
    /// `catalogue`, `operators` or `stop-orders`.
    public var kind: String
    /// The ETag sent with the body (quotes included; empty when none is held).
    public var etag: String
    /// The JSON body as received (empty when no fetch has succeeded yet).
    public var body: [UInt8]
    /// When the body was received (nil: never).
    public var fetchedAt: Date?
    /// When the platform last confirmed the document (200 or 304); the "last successful refresh".
    public var checkedAt: Date?
    /// The last failed refresh, kept until the next success.
    public var lastError: String?
    /// When `lastError` happened.
    public var lastErrorAt: Date?

    /// Creates a record.
    public init(
        kind: String, etag: String = "", body: [UInt8] = [], fetchedAt: Date? = nil, checkedAt: Date? = nil,
        lastError: String? = nil, lastErrorAt: Date? = nil
    ) {
        self.kind = kind
        self.etag = etag
        self.body = body
        self.fetchedAt = fetchedAt
        self.checkedAt = checkedAt
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
    }
}
