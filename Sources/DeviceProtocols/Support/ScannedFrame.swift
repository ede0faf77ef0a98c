import TraceModel

/// What a scanner cut from a byte stream: a frame (or a line) for the protocol to decode, or bytes it
/// rejected.
///
/// The scanners (`LineAccumulator`, `BinaryFrameScanner`, `StartByteFrameScanner`) only cut. A decoder turns
/// the pieces into events with `events(decode:)` once its scanner is done with the bytes, so decoding may
/// read the decoder's settings or change its other state (a stability run) without an overlapping access
/// to the decoder and without copying the scanner's buffer.
enum ScannedFrame: Sendable, Hashable {
    /// A complete frame (a line without its terminator) that passed the scanner's checks.
    case frame([UInt8])
    /// Junk, an over-long line, or a candidate that failed its checks, with the reason.
    case rejected(FrameError)
}

/// Turning scanned pieces into events.
extension [ScannedFrame] {
    /// The events of these pieces in stream order: `decode`'s for each frame, a frame error for each
    /// rejection. This ends `ScanningDecoder.feed`.
    func events(decode: ([UInt8]) -> [DeviceEvent]) -> [DeviceEvent] {
        var events: [DeviceEvent] = []
        for piece in self {
            switch piece {
            case .rejected(let error): events.append(.frameError(error))
            case .frame(let frame): events += decode(frame)
            }
        }
        return events
    }
}
