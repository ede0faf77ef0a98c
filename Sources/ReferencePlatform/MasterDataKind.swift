import Uplink

/// The three master-data documents, by their URL name (`/v1/master/{kind}`, `/admin/master/{kind}`).
public enum MasterDataKind: String, Sendable, Hashable, CaseIterable {
    /// Products.
    case catalogue
    /// Operator cards.
    case operators
    /// Stop-trade orders.
    case stopOrders = "stop-orders"

    /// The key of the list in the published document.
    var listKey: String {
        switch self {
        case .catalogue: MasterCatalogue.listKey
        case .operators: OperatorRegistry.listKey
        case .stopOrders: StopTradeOrders.listKey
        }
    }
}
