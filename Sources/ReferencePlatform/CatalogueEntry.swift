import Uplink

/// One product of the catalogue the platform publishes (`GET /v1/master/catalogue`, /tmp contract in
/// docs/reference-platform.md).
public struct CatalogueEntry: Sendable, Hashable, Codable {
    /// Product code.
    public var code: String
    /// Display name.
    public var name: String
    /// Unit price, fen per kilogram.
    public var unitPriceFenPerKilogram: Int64
    /// Scale PLU, when the product has one.
    public var plu: String?
    /// GTINs of packed goods of this product.
    public var gtins: [String]

    /// Creates an entry.
    public init(code: String, name: String, unitPriceFenPerKilogram: Int64, plu: String? = nil, gtins: [String] = []) {
        self.code = code
        self.name = name
        self.unitPriceFenPerKilogram = unitPriceFenPerKilogram
        self.plu = plu
        self.gtins = gtins
    }

    enum CodingKeys: String, CodingKey {
        case code, name, plu, gtins
        case unitPriceFenPerKilogram = "unit_price_fen_per_kg"
    }

    /// Reads an entry; `plu` and `gtins` may be absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            code: try c.decode(String.self, forKey: .code), name: try c.decode(String.self, forKey: .name),
            unitPriceFenPerKilogram: try c.decode(Int64.self, forKey: .unitPriceFenPerKilogram),
            plu: try c.decodeIfPresent(String.self, forKey: .plu),
            gtins: try c.decodeIfPresent([String].self, forKey: .gtins) ?? [])
    }

    /// As published.
    var json: OrderedJSON {
        .object([
            ("code", .string(code)), ("name", .string(name)),
            ("unit_price_fen_per_kg", .integer(unitPriceFenPerKilogram)),
            ("plu", plu.map { .string($0) } ?? .null), ("gtins", .array(gtins.map { .string($0) })),
        ])
    }
}
