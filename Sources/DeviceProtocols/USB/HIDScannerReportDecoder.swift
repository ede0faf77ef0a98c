import TraceModel

/// Decoder for `hid-pos-scanner`: USB barcode scanners in HID POS mode (Bar Code Scanner page 0x8C),
/// read through libusb.
///
/// Source: devices.md §3b (report 2 layout, example `02 0D 5D 45 30 36 39 …`) and §3d (AIM identifiers).
///
/// Input: Scanned Data Reports (64 bytes each) back to back, one per interrupt transfer (see
/// `HIDScannerReportFraming`).
///
/// Decisions:
/// - Data is cut to the report's byte count (the rest is zero padding).
/// - While bit 0 of the last byte (Decode Data Continued) is set, the next report continues the same scan;
///   the AIM identifier of the first report names the symbology. One `BarcodeRead` per scan.
/// - The AIM identifier is `]` + code character + modifier; zeros there mean the scanner sends none.
/// - A scan longer than 4096 bytes, a scan with no data, or data that is not UTF-8 is a frame error.
public struct HIDScannerReportDecoder: ScanningDecoder {
    /// Longest joined scan accepted.
    static let maxLength = 4096
    /// Splits the input into reports.
    var scanner = BinaryFrameScanner(framing: HIDScannerReportFraming(), maxJunk: 64)
    /// Data of a scan whose reports are still arriving.
    private var pending: [UInt8] = []
    /// The AIM identifier from the first report of the pending scan.
    private var pendingSymbology: String?
    /// Whether a continued scan is being collected.
    private var collecting = false

    /// Creates a decoder; the reports carry everything, so no option applies.
    public init(options: DecoderOptions = DecoderOptions()) {}

    /// Bytes held between calls: a partial report, junk, and the data of a continued scan.
    public var bufferedCount: Int { scanner.bufferedCount + pending.count }

    /// The scan (or error) a report completes; none while the scan continues.
    mutating func decode(_ report: [UInt8]) -> [DeviceEvent] { take(report).map { [$0] } ?? [] }

    /// Adds one report to the pending scan; returns the scan (or error) once its last report arrived.
    private mutating func take(_ report: [UInt8]) -> DeviceEvent? {
        let count = Int(report[1])
        let data = report[HIDScannerReportFraming.dataOffset..<HIDScannerReportFraming.dataOffset + count]
        if !collecting {
            collecting = true
            pendingSymbology = Self.symbology(report[2..<5])
        }
        pending += data
        if pending.count > Self.maxLength {
            let error = FrameError(
                reason: "scan longer than \(Self.maxLength) bytes (Decode Data Continued never cleared); dropped",
                bytes: pending)
            reset()
            return .frameError(error)
        }
        guard report[HIDScannerReportFraming.continuedOffset] & 0x01 == 0 else { return nil }
        defer { reset() }
        guard !pending.isEmpty else {
            return .frameError(FrameError(reason: "scanned data report with byte count 0 (no data)", bytes: report))
        }
        guard let text = ByteText.validUTF8(pending[...]) else {
            return .frameError(
                FrameError(
                    reason: "scan is not valid UTF-8; check the scanner's code page setting", bytes: pending))
        }
        return .barcode(BarcodeRead(data: text, symbology: pendingSymbology))
    }

    /// Forgets the pending scan.
    private mutating func reset() {
        pending.removeAll(keepingCapacity: true)
        pendingSymbology = nil
        collecting = false
    }

    /// The AIM identifier in the three Symbology Identifier bytes, or nil when the scanner sent none.
    static func symbology(_ bytes: ArraySlice<UInt8>) -> String? {
        let id = Array(bytes)
        guard id[0] == 0x5D, (0x21..<0x7F).contains(id[1]), (0x21..<0x7F).contains(id[2]) else { return nil }
        return ByteText.ascii(id[...])
    }
}

/// The catalogue entry.
extension HIDScannerReportDecoder {
    /// `hid-pos-scanner` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "hid-pos-scanner",
        summary: "USB HID POS barcode scanner (page 0x8C) via libusb: 64-byte report 2, AIM id; line unused",
        kind: .scanner,
        link: .usbHID,
        makeDecoder: { HIDScannerReportDecoder(options: $0) },
        sampleFrames: { _ in
            // One scan per frame; the 80-character one spans two reports (Decode Data Continued).
            [
                ("33010200100010000027", "]C0"), ("6901234567892", "]E0"),
                (String(repeating: "0123456789", count: 8), "]C1"), ("TESTING", nil),
            ].map { HIDScannerReportEncoder.reports(data: Array($0.0.utf8), symbology: $0.1).flatMap { $0 } }
        })
}
