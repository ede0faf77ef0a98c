import TraceModel

/// What a scanned code means at a retail stall.
public enum ScanMeaning: Sendable, Hashable {
    /// A configured command barcode.
    case command(StationCommand)
    /// A supplier's trace code (追溯码) or batch code: becomes the parent (来源) of the next trades.
    case source(code: String)
    /// A product from the catalogue, optionally with the source code the label carries (GS1 batch, RCN label).
    case product(CatalogueItem, source: String?)
    /// Not usable; `reason` says why in words an operator understands.
    case unknown(reason: String)
}

/// Commands a station accepts from command barcodes, the CLI or the local API.
public enum StationCommand: String, Sendable, Hashable, Codable, CaseIterable {
    /// Commit the trade on the scale now (trigger `confirm`).
    case confirm
    /// Forget the selected product and source.
    case clear
}
