/// The Scale Status field of a HID POS scale report (usages 0x71–0x78). Source: devices.md §2 (status table).
public enum HIDScaleStatus: UInt8, Sendable, Hashable, CaseIterable {
    /// The scale reports a fault.
    case fault = 1
    /// Stable at the centre of zero (empty pan).
    case stableAtZero = 2
    /// The weight is changing.
    case inMotion = 3
    /// The weight is stable.
    case stable = 4
    /// Below zero (pan removed, or zeroed with a load on it).
    case underZero = 5
    /// Over the scale's capacity.
    case overWeight = 6
    /// The scale must be calibrated before it can weigh.
    case requiresCalibration = 7
    /// The scale must be zeroed before it can weigh.
    case requiresRezeroing = 8
}
