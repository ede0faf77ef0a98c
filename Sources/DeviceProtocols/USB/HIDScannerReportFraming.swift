/// How `hid-pos-scanner` finds reports in its input: the Scanned Data Report is report id 2 and exactly
/// 64 bytes, `02 count aim1 aim2 aim3 data×56 vendor×2 continued` (devices.md §3b, Honeywell descriptor).
/// The USB transport feeds each interrupt transfer as it arrives; a report whose byte count exceeds the
/// 56 data bytes is noise and the scanner resynchronises on the next 0x02.
struct HIDScannerReportFraming: BinaryFraming {
    /// The report id of the Scanned Data Report.
    static let reportID: UInt8 = 0x02
    /// Bytes in the report, report id included.
    static let reportLength = 64
    /// Decoded Data bytes in one report.
    static let dataCapacity = 56
    /// Offset of the first Decoded Data byte.
    static let dataOffset = 5
    /// Offset of the Decode Data Continued flags.
    static let continuedOffset = 63

    /// Reports start with their id.
    func mayStart(_ byte: UInt8) -> Bool { byte == Self.reportID }

    /// Fixed length once the byte count is plausible.
    func length(ofFrameStartingWith head: ArraySlice<UInt8>) -> BinaryFrameLength {
        guard head.count >= 2 else { return .unknown }
        return Int(head[head.startIndex + 1]) <= Self.dataCapacity ? .known(Self.reportLength) : .impossible
    }

    /// The report has no checksum.
    func problem(in frame: [UInt8]) -> String? { nil }
}
