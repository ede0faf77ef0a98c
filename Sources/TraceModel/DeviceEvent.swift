/// What a device decoder produces from the bytes it is fed.
public enum DeviceEvent: Sendable, Hashable {
    /// A weight report.
    case weight(WeightReading)
    /// A barcode scan.
    case barcode(BarcodeRead)
    /// An RFID tag or contactless card read (ear tag, EM4100 fob, MIFARE UID, UHF EPC).
    case tag(TagRead)
    /// Bytes that could not be decoded. Counted and reported, never fatal.
    case frameError(FrameError)
}

/// A frame the decoder discarded, with the reason an operator can act on.
public struct FrameError: Sendable, Hashable, Error, CustomStringConvertible {
    /// Why the bytes were discarded, e.g. "XOR mismatch: frame says 1B, computed 1C".
    public var reason: String
    /// The discarded bytes (at most 64 are kept), for `tracegate decode` and logs.
    public var bytes: [UInt8]

    /// Creates a frame error; keeps at most 64 of the offending bytes.
    public init(reason: String, bytes: some Sequence<UInt8> = [UInt8]()) {
        self.reason = reason
        self.bytes = Array(bytes.prefix(64))
    }

    /// The reason.
    public var description: String { reason }
}
