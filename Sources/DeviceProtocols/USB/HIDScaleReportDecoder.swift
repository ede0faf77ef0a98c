import TraceModel

/// Decoder for `hid-pos-scale`: USB HID point-of-sale scales (usage page 0x8D), read through libusb.
///
/// Source: devices.md §2 (report 3 layout, status and unit tables, example `03 04 03 FE D2 04` = 12.34 kg).
///
/// Input: Scale Data Reports (`03 status unit exponent weight-lo weight-hi`, 6 bytes each) back to back,
/// as the USB transport delivers one per interrupt transfer, or as hex given to `tracegate decode`.
/// Anything that is not such a report is reported as junk and skipped (see `HIDScaleReportFraming`).
///
/// Decisions:
/// - The weight is `weight × 10^exponent` of the unit, converted exactly to grams (rounded half away from zero).
/// - Stable at zero and weight stable are stable readings; in motion is unstable.
/// - Under zero becomes an unstable `underload` reading with the weight negated (the field is unsigned).
/// - Over weight becomes an unstable `overload` reading of 0 g.
/// - Fault, requires calibration and requires re-zeroing carry no usable weight: frame errors that say
///   what the operator must do. So does the tael unit, which the HID tables leave undefined.
public struct HIDScaleReportDecoder: ScanningDecoder {
    /// Splits the input into reports; holds at most one partial report plus unreported junk.
    var scanner = BinaryFrameScanner(framing: HIDScaleReportFraming(), maxJunk: 64)

    /// Creates a decoder; the scale's reports carry everything, so no option applies.
    public init(options: DecoderOptions = DecoderOptions()) {}

    /// The reading of one report.
    func decode(_ report: [UInt8]) -> [DeviceEvent] { [Self.reading(in: report)] }

    /// Decodes one complete report (framing already checked status and unit).
    static func reading(in report: [UInt8]) -> DeviceEvent {
        guard let status = HIDScaleStatus(rawValue: report[1]), let unit = HIDScaleUnit(rawValue: report[2]) else {
            return .frameError(FrameError(reason: "not a scale data report", bytes: report))
        }
        let exponent = Int8(bitPattern: report[3])
        let magnitude = UInt16(report[4]) | UInt16(report[5]) << 8
        switch status {
        case .fault:
            return .frameError(
                FrameError(
                    reason: "scale reports a fault (status 1); check the pan and power-cycle the scale", bytes: report))
        case .requiresCalibration:
            return .frameError(
                FrameError(
                    reason: "scale requires calibration (status 7); have it calibrated before trading", bytes: report))
        case .requiresRezeroing:
            return .frameError(
                FrameError(
                    reason:
                        "scale requires re-zeroing (status 8); empty the pan and press ZERO (or send the zero command)",
                    bytes: report))
        case .overWeight:
            return .weight(WeightReading(grams: 0, stable: false, overload: true))
        case .stableAtZero, .inMotion, .stable, .underZero:
            guard let grams = unit.grams(magnitude: magnitude, exponent: exponent) else {
                let why =
                    unit == .tael
                    ? "scale reports taels, which the HID tables do not define (50 g or 37.8 g?); set the scale to g or kg"
                    : "scale weight \(magnitude) × 10^\(exponent) \(unit.label) is out of range"
                return .frameError(FrameError(reason: why, bytes: report))
            }
            switch status {
            case .underZero: return .weight(WeightReading(grams: -grams, stable: false, underload: true))
            case .inMotion: return .weight(WeightReading(grams: grams, stable: false))
            default: return .weight(WeightReading(grams: grams, stable: true))
            }
        }
    }
}

/// The catalogue entry.
extension HIDScaleReportDecoder {
    /// `hid-pos-scale` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "hid-pos-scale",
        summary: "USB HID POS scale (page 0x8D) via libusb: 6-byte report 3 \"03 04 03 FE D2 04\"; line unused",
        kind: .scale,
        link: .usbHID, zeroCommand: HIDScaleReportEncoder.zeroCommand,
        makeDecoder: { HIDScaleReportDecoder(options: $0) },
        sampleFrames: { _ in
            // Report 3 after report 3, as libusb hands them over: in motion, then stable, then zero.
            [0, 150, 1234, 4995, 20_000].flatMap { grams in
                [
                    HIDScaleReportEncoder.report(grams: grams / 2, status: .inMotion),
                    HIDScaleReportEncoder.report(grams: grams, status: .stable),
                ]
            } + [HIDScaleReportEncoder.report(grams: 0, status: .stableAtZero)]
        })
}
