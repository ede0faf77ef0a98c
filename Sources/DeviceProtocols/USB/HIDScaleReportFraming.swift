/// How `hid-pos-scale` finds reports in its input: the Scale Data Report is report id 3 and exactly
/// 6 bytes, `03 status unit exponent weight-lo weight-hi` (devices.md §2). The USB transport feeds each
/// interrupt transfer as it arrives, so reports simply follow each other; a report with an impossible
/// status or unit is treated as noise and the scanner resynchronises on the next 0x03.
struct HIDScaleReportFraming: BinaryFraming {
    /// The report id of the Scale Data Report.
    static let reportID: UInt8 = 0x03
    /// Bytes in the report, report id included.
    static let reportLength = 6

    /// Reports start with their id.
    func mayStart(_ byte: UInt8) -> Bool { byte == Self.reportID }

    /// Fixed length once status (1–8) and unit (1–12) are plausible.
    func length(ofFrameStartingWith head: ArraySlice<UInt8>) -> BinaryFrameLength {
        let start = head.startIndex
        if head.count >= 2, HIDScaleStatus(rawValue: head[start + 1]) == nil { return .impossible }
        if head.count >= 3, HIDScaleUnit(rawValue: head[start + 2]) == nil { return .impossible }
        return head.count >= 3 ? .known(Self.reportLength) : .unknown
    }

    /// The report has no checksum.
    func problem(in frame: [UInt8]) -> String? { nil }
}
