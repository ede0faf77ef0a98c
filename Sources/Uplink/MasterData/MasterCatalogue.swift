/// The product catalogue the platform publishes (`GET /v1/master/catalogue`, master data contract):
/// `{"version":…,"items":[{"code","name","unit_price_fen_per_kg","plu"?,"gtins"?}]}`.
public struct MasterCatalogue: MasterDataDocument {
    /// `catalogue`.
    public static let documentName = "catalogue"
    /// `items`.
    public static let listKey = "items"
    /// An entry of the list.
    public typealias Entry = Item

    /// One product.
    public struct Item: Sendable, Hashable, Decodable {
        /// Product code, e.g. `P0001`.
        public var code: String
        /// Display name, e.g. `猪肉(后腿)`.
        public var name: String
        /// Unit price in integer fen per kilogram.
        public var unitPriceFenPerKg: Int64
        /// Scale PLU when the product has one.
        public var plu: String?
        /// GTINs of pre-packed goods that are this product (may be empty).
        public var gtins: [String]

        /// Creates an item.
        public init(code: String, name: String, unitPriceFenPerKg: Int64, plu: String? = nil, gtins: [String] = []) {
            self.code = code
            self.name = name
            self.unitPriceFenPerKg = unitPriceFenPerKg
            self.plu = plu
            self.gtins = gtins
        }

        /// The contract's keys.
        enum CodingKeys: String, CodingKey {
            case code, name, plu, gtins
            case unitPriceFenPerKg = "unit_price_fen_per_kg"
        }

        /// Reads an item as sent; `plu` and `gtins` may be absent (no GTINs).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                code: try c.decode(String.self, forKey: .code), name: try c.decode(String.self, forKey: .name),
                unitPriceFenPerKg: try c.decode(Int64.self, forKey: .unitPriceFenPerKg),
                plu: try c.decodeIfPresent(String.self, forKey: .plu),
                gtins: try c.decodeIfPresent([String].self, forKey: .gtins) ?? [])
        }
    }

    /// The platform's version (ETag without quotes).
    public var version: String
    /// Products in the platform's order.
    public var items: [Item]

    /// Creates a catalogue.
    public init(version: String, items: [Item]) {
        self.version = version
        self.items = items
    }

    /// Parses the JSON body. Refuses empty codes or names, negative or fractional prices, duplicate codes and
    /// GTINs that are not 8–14 digits.
    public static func parse(_ body: [UInt8]) throws(MasterDataError) -> MasterCatalogue {
        var seen: Set<String> = []
        let (version, items) = try MasterDataJSON.entries(of: body, Self.self) {
            (item, fail) throws(MasterDataError) -> Item? in
            guard !item.code.isEmpty else { throw fail("has an empty code") }
            guard !item.name.isEmpty else { throw fail("(\(item.code)) has an empty name") }
            guard item.unitPriceFenPerKg >= 0 else { throw fail("(\(item.code)) has a negative price") }
            guard seen.insert(item.code).inserted else { throw fail("repeats product code \(item.code)") }
            for gtin in item.gtins where !(8...14).contains(gtin.count) || !gtin.allSatisfy(\.isASCIIDigit) {
                throw fail("(\(item.code)) has GTIN '\(gtin)', which is not 8–14 digits")
            }
            return item
        }
        return MasterCatalogue(version: version, items: items)
    }
}

extension Character {
    /// `0`–`9` only (not other scripts' digits).
    var isASCIIDigit: Bool { isASCII && isNumber }
}
