/// The product catalogue the platform publishes (`GET /v1/master/catalogue`, master data contract):
/// `{"version":…,"items":[{"code","name","unit_price_fen_per_kg","plu"?,"gtins"?}]}`.
public struct MasterCatalogue: MasterDataDocument {
    /// `catalogue`.
    public static let documentName = "catalogue"

    /// One product.
    public struct Item: Sendable, Hashable {
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
        let wire = try MasterDataJSON.decode(Wire.self, body, document: documentName)
        var seen: Set<String> = []
        var items: [Item] = []
        for (index, item) in wire.items.enumerated() {
            func fail(_ message: String) -> MasterDataError {
                MasterDataError(document: documentName, "items[\(index)] \(message)")
            }
            guard !item.code.isEmpty else { throw fail("has an empty code") }
            guard !item.name.isEmpty else { throw fail("(\(item.code)) has an empty name") }
            guard item.unit_price_fen_per_kg >= 0 else { throw fail("(\(item.code)) has a negative price") }
            guard seen.insert(item.code).inserted else { throw fail("repeats product code \(item.code)") }
            let gtins = item.gtins ?? []
            for gtin in gtins where !(8...14).contains(gtin.count) || !gtin.allSatisfy(\.isASCIIDigit) {
                throw fail("(\(item.code)) has GTIN '\(gtin)', which is not 8–14 digits")
            }
            items.append(
                Item(
                    code: item.code, name: item.name, unitPriceFenPerKg: item.unit_price_fen_per_kg, plu: item.plu,
                    gtins: gtins))
        }
        return MasterCatalogue(version: wire.version, items: items)
    }

    /// The body as the contract defines it.
    private struct Wire: Decodable {
        var version: String
        var items: [WireItem]
    }

    /// One item as the contract defines it.
    private struct WireItem: Decodable {
        var code: String
        var name: String
        var unit_price_fen_per_kg: Int64
        var plu: String?
        var gtins: [String]?
    }
}

extension Character {
    /// `0`–`9` only (not other scripts' digits).
    var isASCIIDigit: Bool { isASCII && isNumber }
}
