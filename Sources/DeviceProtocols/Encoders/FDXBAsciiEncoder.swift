import TraceModel

/// Produces the text lines of 134.2 kHz FDX-B readers (`fdx-b-ascii`), for simulators and tests.
public struct FDXBAsciiEncoder: Sendable {
    /// The reader's output style (devices.md §4a).
    public enum Style: String, Sendable, CaseIterable {
        /// Allflex: `LA 982 000001088420\r\n`.
        case allflex
        /// TIRIS-S2000 style: `LA 00000 0 982 000001088420\r\n`.
        case tiris
        /// Priority 1 Design RFIDRW-E: `999_000000001008\r`.
        case underscore
    }

    /// The style.
    public var style: Style

    /// Creates an encoder.
    public init(style: Style = .allflex) {
        self.style = style
    }

    /// The line a reader prints for `code`.
    public func encode(_ code: ISO11784Code) -> [UInt8] {
        let display = code.display
        switch style {
        case .allflex: return Array("LA \(display)\r\n".utf8)
        case .tiris:
            let reserved = String(code.reserved)
            let padded = String(repeating: "0", count: max(0, 5 - reserved.count)) + reserved
            return Array("LA \(padded) \(code.dataBlock ? 1 : 0) \(display)\r\n".utf8)
        case .underscore: return Array(display.replacingOccurrences(of: " ", with: "_").utf8) + [0x0D]
        }
    }
}
