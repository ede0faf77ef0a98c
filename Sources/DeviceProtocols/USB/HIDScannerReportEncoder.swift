/// Builds the Scanned Data Reports a HID POS scanner sends (devices.md §3b), for the report printer and tests.
public enum HIDScannerReportEncoder {
    /// The 64-byte reports carrying `data` with AIM identifier `symbology` (e.g. `]E0`; nil sends zeros):
    /// 56 data bytes per report, Decode Data Continued set on every report but the last.
    public static func reports(data: [UInt8], symbology: String? = nil) -> [[UInt8]] {
        let aim = symbology.map { Array($0.utf8.prefix(3)) } ?? []
        let aimBytes = aim + [UInt8](repeating: 0, count: 3 - aim.count)
        let capacity = HIDScannerReportFraming.dataCapacity
        var chunks: [ArraySlice<UInt8>] = stride(from: 0, to: data.count, by: capacity).map {
            data[$0..<min($0 + capacity, data.count)]
        }
        if chunks.isEmpty { chunks = [[]] }
        return chunks.enumerated().map { index, chunk in
            var report: [UInt8] = [HIDScannerReportFraming.reportID, UInt8(chunk.count)] + aimBytes + chunk
            report += [UInt8](repeating: 0, count: HIDScannerReportFraming.reportLength - 1 - report.count)
            report.append(index < chunks.count - 1 ? 0x01 : 0x00)
            return report
        }
    }
}
