/// One weight report from a scale or weighing indicator, already converted to integer grams.
///
/// Every decoder produces this shape whatever the wire format: grams are rounded to the
/// nearest gram (half away from zero) and may be negative (below zero after tare).
public struct WeightReading: Sendable, Hashable, Codable {
    /// Weight in grams, rounded to the nearest gram; negative below zero.
    public var grams: Int64
    /// Whether the device (or the decoder's own rule, for frames without a status) calls the weight stable.
    public var stable: Bool
    /// `true` for a net weight (tare subtracted), `false` for gross, `nil` when the frame does not say.
    public var net: Bool?
    /// The device signalled over capacity; `grams` is then meaningless (0).
    public var overload: Bool
    /// The device signalled under zero / under range; `grams` may be meaningless.
    public var underload: Bool

    /// Creates a reading.
    public init(grams: Int64, stable: Bool, net: Bool? = nil, overload: Bool = false, underload: Bool = false) {
        self.grams = grams
        self.stable = stable
        self.net = net
        self.overload = overload
        self.underload = underload
    }
}
