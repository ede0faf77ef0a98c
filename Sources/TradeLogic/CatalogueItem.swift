/// A product the stall sells, as configured or pulled from the platform.
public struct CatalogueItem: Sendable, Hashable, Codable {
    /// Product code (商品编码), e.g. "10010001". Recorded on every trade.
    public var code: String
    /// Display name, e.g. "猪肉(后腿)".
    public var name: String
    /// Unit price in fen per kilogram (a price per 斤 is stored doubled: it is exact).
    public var unitPriceFenPerKg: Int64
    /// Short price-lookup code the scale label or a PLU barcode carries, e.g. "000123".
    public var plu: String?
    /// GTINs (8, 12, 13 or 14 digits) that identify this product, normalised to 14 digits.
    public var gtins: [String]

    /// Creates an item; GTINs are normalised to 14 digits.
    public init(code: String, name: String, unitPriceFenPerKg: Int64, plu: String? = nil, gtins: [String] = []) {
        self.code = code
        self.name = name
        self.unitPriceFenPerKg = unitPriceFenPerKg
        self.plu = plu
        self.gtins = gtins.map(GS1.gtin14)
    }
}

/// The products known at a station, indexed for scan lookup.
public struct Catalogue: Sendable, Hashable {
    /// Every item in configuration order.
    public private(set) var items: [CatalogueItem]
    private var byCode: [String: Int] = [:]
    private var byPLU: [String: Int] = [:]
    private var byGTIN: [String: Int] = [:]

    /// Indexes `items`. Later duplicates of a code, PLU or GTIN lose (configuration validation reports them).
    public init(_ items: [CatalogueItem]) {
        self.items = items
        for (index, item) in items.enumerated() {
            if byCode[item.code] == nil { byCode[item.code] = index }
            if let plu = item.plu, byPLU[plu] == nil { byPLU[plu] = index }
            for gtin in item.gtins where byGTIN[gtin] == nil { byGTIN[gtin] = index }
        }
    }

    /// The item with this product code.
    public func item(code: String) -> CatalogueItem? { byCode[code].map { items[$0] } }
    /// The item with this PLU; leading zeros are not significant ("123" finds "000123").
    public func item(plu: String) -> CatalogueItem? {
        if let index = byPLU[plu] { return items[index] }
        let stripped = plu.drop { $0 == "0" }
        return items.first { ($0.plu?.drop { $0 == "0" }).map(String.init) == String(stripped) }
    }
    /// The item with this GTIN (any length; compared as GTIN-14).
    public func item(gtin: String) -> CatalogueItem? { byGTIN[GS1.gtin14(gtin)].map { items[$0] } }
}
