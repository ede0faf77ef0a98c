/// Kinds of circulation node (流通节点), as the city platforms classify them (domain.md §1.2, hontek's
/// node types). The raw values are the configuration file's `node.type` words.
public enum NodeKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// 屠宰企业.
    case slaughterhouse
    /// 批发市场.
    case wholesale_market
    /// 菜市场 / 农贸市场.
    case retail_market
    /// 超市.
    case supermarket
    /// 团体消费单位.
    case institution
    /// Anything else.
    case other
}
