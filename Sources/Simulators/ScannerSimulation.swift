import DeviceProtocols
import TraceModel

/// A simulated serial barcode scanner: picks realistic scans and encodes them as `barcode-line` bytes.
public struct ScannerSimulation: Sendable {
    /// Encoder with the scanner's terminator.
    private let encoder: BarcodeLineEncoder
    /// Randomness for the choice of codes.
    private var random: SeededGenerator
    /// Every scan produced so far, in order.
    public private(set) var scans: [BarcodeRead] = []

    /// Creates a scanner that ends scans with `terminator`.
    public init(terminator: BarcodeTerminator = .cr, seed: UInt64) {
        self.encoder = BarcodeLineEncoder(terminator: terminator)
        self.random = SeededGenerator(seed: seed)
    }

    /// The next scan: mostly supplier trace codes, sometimes an EAN-13, a GS1 string or a PLU.
    public mutating func nextScan() -> BarcodeRead {
        let scan: BarcodeRead
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<5: scan = SampleBarcodes.supplierTraceCode(using: &random)
        case 5..<7: scan = SampleBarcodes.ean13(using: &random)
        case 7: scan = SampleBarcodes.gs1ElementString(using: &random)
        case 8: scan = SampleBarcodes.gs1DataMatrix
        default: scan = SampleBarcodes.plu(using: &random)
        }
        scans.append(scan)
        return scan
    }

    /// The bytes of the next scan.
    public mutating func nextScanBytes() -> [UInt8] { encoder.encode(nextScan()) }

    /// The bytes the scanner sends for `read`.
    public func bytes(for read: BarcodeRead) -> [UInt8] { encoder.encode(read) }
}
