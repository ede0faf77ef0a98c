import TraceModel

/// The decoders' shorthands for the events they make.
extension DeviceEvent {
    /// A frame error saying why `bytes` are not a frame.
    static func frameError(_ reason: String, bytes: some Sequence<UInt8>) -> DeviceEvent {
        .frameError(FrameError(reason: reason, bytes: bytes))
    }

    /// A reading of `mantissa` × 10^−`decimals` `unit` (not stable unless said: a stability run may judge it),
    /// or a frame error for `frame` when the weight does not fit in grams.
    static func weight(
        mantissa: Int64, decimals: Int, unit: WeightUnit, stable: Bool = false, net: Bool? = nil, frame: [UInt8]
    ) -> DeviceEvent {
        guard let grams = unit.grams(mantissa: mantissa, decimals: decimals) else {
            return .frameError("weight out of range", bytes: frame)
        }
        return .weight(WeightReading(grams: grams, stable: stable, net: net))
    }
}
