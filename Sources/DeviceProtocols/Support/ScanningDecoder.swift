import TraceModel

/// A decoder made of a scanner, which cuts the byte stream into frames or lines, and a `decode`, which
/// says what one frame means.
///
/// The protocol supplies `feed` and `bufferedCount`, so a protocol's decoder declares only its scanner
/// (with its framing) and its `decode`. `feed` is specialised for each decoder, so the per-byte work runs
/// in the concrete scanner without dynamic dispatch.
protocol ScanningDecoder: FrameDecoder {
    /// `BinaryFrameScanner`, `StartByteFrameScanner` or `LineAccumulator`.
    associatedtype Scanner: FrameScanner
    /// Cuts the byte stream; holds an unfinished frame between calls.
    var scanner: Scanner { get set }
    /// Whether bit 7 is cleared from every byte before it is cut: a 7E1 line read as 8N1 delivers the
    /// parity bit, and the protocol is pure ASCII. False by default.
    static var clearsParityBit: Bool { get }
    /// The events one complete frame (a line without its terminator) stands for, in order.
    mutating func decode(_ frame: [UInt8]) -> [DeviceEvent]
    /// The events of one `feed`, decoded and in stream order; a decoder whose frames carry no stability
    /// passes them through its `StabilityTracker` here. Unchanged by default.
    mutating func finish(_ events: [DeviceEvent]) -> [DeviceEvent]
}

/// `feed` and `bufferedCount` from the scanner and `decode`.
extension ScanningDecoder {
    /// Bytes are kept as received.
    static var clearsParityBit: Bool { false }

    /// The events are final as decoded.
    mutating func finish(_ events: [DeviceEvent]) -> [DeviceEvent] { events }

    /// Bytes currently held between calls: the scanner's.
    public var bufferedCount: Int { scanner.bufferedCount }

    /// Feeds bytes; returns the events and frame errors they complete.
    public mutating func feed(_ bytes: [UInt8]) -> [DeviceEvent] {
        let pieces =
            Self.clearsParityBit ? scanner.frames(from: bytes.lazy.map { $0 & 0x7F }) : scanner.frames(from: bytes)
        return finish(pieces.events { decode($0) })
    }
}
