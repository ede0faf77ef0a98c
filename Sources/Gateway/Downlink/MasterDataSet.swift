import TradeLogic
import Uplink

/// The master data documents in force, parsed from the bodies the ledger holds, and how stations see them.
struct MasterDataSet: Sendable {
    /// The platform's catalogue, if one was ever received.
    var catalogue: MasterCatalogue?
    /// The operator registry, if received.
    var operators: OperatorRegistry?
    /// The stop-trade orders, if received.
    var stopOrders: StopTradeOrders?

    /// Parses and installs `body` as `document`; throws (keeping the previous copy) when it cannot be used.
    mutating func install(_ document: DownlinkDocument, body: [UInt8]) throws(MasterDataError) {
        switch document {
        case .catalogue: catalogue = try MasterCatalogue.parse(body)
        case .operators: operators = try OperatorRegistry.parse(body)
        case .stopOrders: stopOrders = try StopTradeOrders.parse(body)
        }
    }

    /// How many entries a document has (nil: none received).
    func count(_ document: DownlinkDocument) -> Int? {
        switch document {
        case .catalogue: catalogue?.items.count
        case .operators: operators?.operators.count
        case .stopOrders: stopOrders?.orders.count
        }
    }

    /// The version (ETag without quotes) of a document in force.
    func version(_ document: DownlinkDocument) -> String? {
        switch document {
        case .catalogue: catalogue?.version
        case .operators: operators?.version
        case .stopOrders: stopOrders?.version
        }
    }

    /// What stations apply: the platform's catalogue merged over the configured one (platform wins by code),
    /// the card registry, the stop orders.
    func stationMasterData(configured: Catalogue) -> StationMasterData {
        let merged = catalogue.map { platform in
            configured.merging(
                platformItems: platform.items.map {
                    CatalogueItem(
                        code: $0.code, name: $0.name, unitPriceFenPerKg: $0.unitPriceFenPerKg, plu: $0.plu,
                        gtins: $0.gtins)
                })
        }
        var cards: [String: String] = [:]
        for entry in operators?.operators ?? [] { cards[entry.cardUID] = entry.operatorCode }
        let orders = (stopOrders?.orders ?? []).map { StationMasterData.StopOrder(code: $0.code, reason: $0.reason) }
        return StationMasterData(catalogue: merged, operatorCodes: cards, stopOrders: orders)
    }
}
