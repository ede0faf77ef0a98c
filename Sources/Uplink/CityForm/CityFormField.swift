/// A value of a trade that a city platform may want, in the unit and form documented per case.
public enum CityFormField: String, Sendable, Hashable, CaseIterable {
    /// The trace code (追溯码 / 交易凭证号), string.
    case traceCode
    /// Upstream codes (来源: 进货凭证号, batch codes) joined with `,`; empty string when none.
    case parents
    /// 9-digit node code, string.
    case nodeCode
    /// Node name, string.
    case nodeName
    /// 13-digit operator code, string.
    case operatorCode
    /// Station id (摊位号), string.
    case station
    /// Product code, string.
    case productCode
    /// Product name, string.
    case productName
    /// Net weight in **kilograms**, JSON number with exactly 3 decimals (1234 g → `1.234`; grams are exact).
    case weightKilograms
    /// Unit price in **yuan per kilogram**, JSON number with exactly 2 decimals (3000 fen/kg → `30.00`).
    case unitPriceYuanPerKilogram
    /// Amount in **yuan**, JSON number with exactly 2 decimals (3702 fen → `37.02`).
    case amountYuan
    /// Local time of the sale, `yyyy-MM-dd HH:mm:ss` in the trade's recorded offset (city platforms are local).
    case saleTime
    /// Buyer card or code, string (empty when none).
    case buyer
}
