/// The three master data documents the downlink pulls (docs/downlink.md), named as in the platform's paths
/// (`/v1/master/<name>`) and the ledger's `master_data.kind`.
public enum DownlinkDocument: String, Sendable, Hashable, CaseIterable, Codable {
    /// Product codes, names and unit prices.
    case catalogue
    /// Card UIDs → operator codes and names.
    case operators
    /// Stop-trade orders (停止交易).
    case stopOrders = "stop-orders"
}
