// TEMPORARY: stands in for the ledger branch until it is merged. Delete on merge.
public struct TraceCodeTemplate: Sendable, Hashable {
    public init(parsing: String) throws {}
}
