import TradeLogic

/// Where the ledger lives and how it issues trace codes; validated when the ledger opens.
public struct LedgerConfiguration: Sendable, Hashable {
    /// The SQLite file. Its directory is created when missing. Default `/var/lib/tracegate/ledger.db`.
    public var path: String
    /// The trace-code layout. Default `{operator}{seq:7}` (20 digits with 13-digit operator codes).
    public var traceCodeTemplate: TraceCodeTemplate
    /// The most bytes the database file may grow to (`PRAGMA max_page_count`), or nil for no limit
    /// beyond the disk's. A reached quota is refused exactly like a full disk, so both can be tested.
    public var maxBytes: Int64?

    /// The default ledger location for the daemon.
    public static let defaultPath = "/var/lib/tracegate/ledger.db"

    /// Creates a configuration.
    public init(
        path: String = LedgerConfiguration.defaultPath,
        traceCodeTemplate: TraceCodeTemplate = .standard,
        maxBytes: Int64? = nil
    ) {
        self.path = path
        self.traceCodeTemplate = traceCodeTemplate
        self.maxBytes = maxBytes
    }
}
