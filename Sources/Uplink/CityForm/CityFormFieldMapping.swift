/// Which trade values a city platform gets, under which names, in which order. Configuration, not code: a city
/// whose platform names differ only needs a different mapping.
public struct CityFormFieldMapping: Sendable, Hashable {
    /// One output column: our value → the platform's field name.
    public struct Column: Sendable, Hashable {
        /// Our value.
        public var field: CityFormField
        /// The platform's name for it.
        public var name: String

        /// Creates a column.
        public init(_ field: CityFormField, _ name: String) {
            self.field = field
            self.name = name
        }
    }

    /// Columns in output order. Values not listed are not sent.
    public var columns: [Column]

    /// Creates a mapping.
    public init(columns: [Column]) { self.columns = columns }

    /// Retail sales, named after the MOFCOM `retail_market_tran_info_summ` / `retail_market_in_info_base`
    /// elements (domain.md §1.4): `retail_market_id/name`, `retailer_id`, `position_id` (摊位), `sale_date`,
    /// `tran_id`, `sale_tran_id`, `goods_code/name`, `weight`, `price`, plus `amount`.
    ///
    /// [U] The spec text lists both `tran_id` and `sale_tran_id` in the retail summary without defining them; we
    /// read `sale_tran_id` as this sale's voucher (our trace code) and `tran_id` as the purchase voucher it came
    /// from (our parents), matching `tran_id`'s meaning in `retail_market_in_info_base`. Check against the city's
    /// interface document and override if it differs.
    public static let retailDefault = CityFormFieldMapping(columns: [
        Column(.nodeCode, "retail_market_id"),
        Column(.nodeName, "retail_market_name"),
        Column(.operatorCode, "retailer_id"),
        Column(.station, "position_id"),
        Column(.saleTime, "sale_date"),
        Column(.parents, "tran_id"),
        Column(.traceCode, "sale_tran_id"),
        Column(.productCode, "goods_code"),
        Column(.productName, "goods_name"),
        Column(.weightKilograms, "weight"),
        Column(.unitPriceYuanPerKilogram, "price"),
        Column(.amountYuan, "amount"),
    ])

    /// Problems an operator must fix: empty or duplicate platform names. Empty when the mapping is usable.
    public var problems: [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for column in columns {
            if column.name.isEmpty { out.append("field \(column.field.rawValue) has an empty platform name") }
            if !seen.insert(column.name).inserted { out.append("platform name '\(column.name)' is used twice") }
        }
        return out
    }
}
