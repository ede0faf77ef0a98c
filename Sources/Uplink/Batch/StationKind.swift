/// What happens at a station, which decides the CBV business step of its trades in EPCIS.
///
/// Mapping (CBV 2.0 §7.1 bizStep, short JSON form; domain.md §3 lists the vocabulary):
///
/// | kind | bizStep | why |
/// |---|---|---|
/// | `retailSale` | `retail_selling` | goods sold to the consumer at a stall or till |
/// | `wholesaleCheckIn` | `receiving` | goods declared and registered on arrival at the market (进场登记) |
/// | `wholesaleSale` | `shipping` | CBV has no wholesale sale; the goods leave the trader for the buyer |
/// | `slaughter` | `killing` | CBV's step for slaughter (there is no standard "transforming") |
/// | `carcassDispatch` | `shipping` | 白条出厂: carcasses leave the plant |
/// | `inspection` | `inspecting` | sampling and testing (检测) |
public enum StationKind: String, Sendable, Hashable, CaseIterable {
    /// A retail stall or supermarket till.
    case retailSale = "retail_sale"
    /// Arrival registration at a wholesale market.
    case wholesaleCheckIn = "wholesale_check_in"
    /// A sale by a wholesale trader.
    case wholesaleSale = "wholesale_sale"
    /// A slaughter-line weighing point.
    case slaughter
    /// Carcasses leaving a slaughterhouse.
    case carcassDispatch = "carcass_dispatch"
    /// A testing point.
    case inspection

    /// The CBV 2.0 business step, in the short form EPCIS JSON allows (`retail_selling`).
    public var bizStep: String {
        switch self {
        case .retailSale: "retail_selling"
        case .wholesaleCheckIn: "receiving"
        case .wholesaleSale: "shipping"
        case .slaughter: "killing"
        case .carcassDispatch: "shipping"
        case .inspection: "inspecting"
        }
    }

    /// What a station does when the configuration does not say: a node's trades are sales of its kind.
    /// Institutions (团体消费单位) record what they receive.
    public static func `default`(for node: UplinkNode.Kind) -> StationKind {
        switch node {
        case .retail_market, .supermarket, .other: .retailSale
        case .wholesale_market: .wholesaleSale
        case .slaughterhouse: .carcassDispatch
        case .institution: .wholesaleCheckIn
        }
    }
}
