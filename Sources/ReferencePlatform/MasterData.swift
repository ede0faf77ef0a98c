import Foundation
import Uplink
import Yams

/// The master data the platform publishes to gateways: catalogue, operator registry, stop-trade orders. The entries
/// are the gateway's own wire types (`Uplink`), since both sides speak the same documents.
///
/// Seed file (`--master FILE`, JSON or YAML by extension), every key optional:
/// `{"catalogue":[{code,name,unit_price_fen_per_kg,plu,gtins}],"operators":[{card_uid,operator_code,name}],
///   "stop_orders":[{code,reason,issued_at}]}`.
public struct MasterData: Sendable, Hashable, Decodable {
    /// Products.
    public var catalogue: [MasterCatalogue.Item]
    /// Operator cards.
    public var operators: [OperatorRegistry.Operator]
    /// Stop-trade orders.
    public var stopOrders: [StopTradeOrders.Order]

    /// Creates master data.
    public init(
        catalogue: [MasterCatalogue.Item] = [], operators: [OperatorRegistry.Operator] = [],
        stopOrders: [StopTradeOrders.Order] = []
    ) {
        self.catalogue = catalogue
        self.operators = operators
        self.stopOrders = stopOrders
    }

    enum CodingKeys: String, CodingKey {
        case catalogue, operators
        case stopOrders = "stop_orders"
    }

    /// Reads master data; missing lists are empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            catalogue: try c.decodeIfPresent([MasterCatalogue.Item].self, forKey: .catalogue) ?? [],
            operators: try c.decodeIfPresent([OperatorRegistry.Operator].self, forKey: .operators) ?? [],
            stopOrders: try c.decodeIfPresent([StopTradeOrders.Order].self, forKey: .stopOrders) ?? [])
    }

    /// What the platform publishes when no file is given: the sample configuration's two products
    /// (config/tracegate.sample.yaml) at their per-kilogram prices, one operator card, no stop orders.
    public static let defaults = MasterData(
        catalogue: [
            MasterCatalogue.Item(
                code: "10010001", name: "猪后腿肉", unitPriceFenPerKg: 3000, plu: "000123", gtins: ["06901234567892"]),
            MasterCatalogue.Item(code: "10010002", name: "五花肉", unitPriceFenPerKg: 3600, plu: "000124"),
        ],
        operators: [OperatorRegistry.Operator(cardUID: "04A1B2C3D4", operatorCode: "3301020010001", name: "张三")],
        stopOrders: [])

    /// Reads a seed file: YAML when it ends in `.yaml`/`.yml`, else JSON.
    public static func load(path: String) throws(PlatformError) -> MasterData {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlatformError("cannot read the master data file \(path); check the path")
        }
        do {
            if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                return try YAMLDecoder().decode(MasterData.self, from: data)
            }
            return try JSONDecoder().decode(MasterData.self, from: data)
        } catch let error as DecodingError {
            throw PlatformError("master data file \(path): \(TradeBatchDecoder.describe(error))")
        } catch {
            throw PlatformError("master data file \(path): \(error)")
        }
    }
}
