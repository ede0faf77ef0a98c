/// One scan from a barcode scanner.
public struct BarcodeRead: Sendable, Hashable, Codable {
    /// The decoded data without the AIM identifier or terminator. GS (0x1D) separators are kept.
    public var data: String
    /// The AIM symbology identifier (ISO/IEC 15424) such as `]E0` or `]C1`, when the scanner sent one.
    public var symbology: String?

    /// Creates a scan.
    public init(data: String, symbology: String? = nil) {
        self.data = data
        self.symbology = symbology
    }
}
