/// Why the ledger refused something, with a message an operator or technician can act on.
///
/// Callers branch on `kind`; new kinds may be added without breaking them.
public struct LedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ledger error.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// The closed set of categories, kept internal so new ones can be added.
        enum Code: String, Sendable, Hashable {
            /// See `Kind.full`.
            case full
            /// See `Kind.damaged`.
            case damaged
            /// See `Kind.sequenceExhausted`.
            case sequenceExhausted
            /// See `Kind.invalidDraft`.
            case invalidDraft
            /// See `Kind.duplicateTraceCode`.
            case duplicateTraceCode
            /// See `Kind.closed`.
            case closed
            /// See `Kind.missing`.
            case missing
            /// See `Kind.invalidConfiguration`.
            case invalidConfiguration
            /// See `Kind.storage`.
            case storage
            /// See `Kind.readOnly`.
            case readOnly
        }
        /// The category.
        let code: Code

        /// The disk is full or the configured quota (`maxBytes`) is reached; the trade was not recorded.
        public static let full = Kind(code: .full)
        /// The database file failed its integrity check or is not a TraceGate ledger.
        public static let damaged = Kind(code: .damaged)
        /// The trace-code sequence has no numbers left.
        public static let sequenceExhausted = Kind(code: .sequenceExhausted)
        /// The draft itself is unacceptable (e.g. grams <= 0, operator code not digits).
        public static let invalidDraft = Kind(code: .invalidDraft)
        /// The rendered trace code already exists (template collision); the trade was not recorded.
        public static let duplicateTraceCode = Kind(code: .duplicateTraceCode)
        /// The ledger is closed or shutting down.
        public static let closed = Kind(code: .closed)
        /// The ledger file is missing (read-only open) or may not be created.
        public static let missing = Kind(code: .missing)
        /// The ledger configuration is unusable (e.g. a quota too small to hold the schema).
        public static let invalidConfiguration = Kind(code: .invalidConfiguration)
        /// Any other storage failure reported by SQLite.
        public static let storage = Kind(code: .storage)
        /// The ledger's file system turned read-only under the daemon (a worn or failing SD card remounts itself
        /// read-only to protect its data); the trade was not recorded.
        public static let readOnly = Kind(code: .readOnly)

        /// The category's name.
        public var description: String { code.rawValue }
    }

    /// The category.
    public var kind: Kind
    /// The full explanation: which ledger, which station/operator/code, what to do.
    public var message: String

    /// Creates an error.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
