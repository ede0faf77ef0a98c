import TraceModel

/// Cuts a byte stream into frames of one `StartByteFraming`.
///
/// Works byte by byte, so what it returns never depends on how the bytes were chunked. A start byte always
/// opens a new frame: a half frame before it is reported, and the next good frame is never swallowed.
/// Bytes before any start byte collect as junk, reported as one error when a frame opens or when
/// `maxJunk` of them have collected.
struct StartByteFrameScanner<Framing: StartByteFraming>: ByteFrameScanner {
    /// The protocol's framing.
    let framing: Framing
    /// Bytes of the frame being received (starts with a start byte) or empty between frames.
    private var frame: [UInt8] = []
    /// Bytes received outside any frame, not yet reported.
    private var junk: [UInt8] = []

    /// Creates a scanner.
    init(framing: Framing) { self.framing = framing }

    /// Bytes held between calls: at most one frame plus `maxJunk`.
    var bufferedCount: Int { frame.count + junk.count }

    /// Handles one byte; appends what it completed.
    mutating func push(_ byte: UInt8, into pieces: inout [ScannedFrame]) {
        if framing.opensFrame(byte) {
            flushJunk(into: &pieces)
            if !frame.isEmpty {
                pieces.append(.rejected(FrameError(reason: framing.cutOffReason(frame, next: byte), bytes: frame)))
            }
            frame = [byte]
            return
        }
        guard !frame.isEmpty else {
            if !framing.isSeparator(byte) { junk.append(byte) }
            if junk.count >= framing.maxJunk { flushJunk(into: &pieces) }
            return
        }
        frame.append(byte)
        switch framing.state(of: frame) {
        case .partial: return
        case .complete: pieces.append(.frame(frame))
        case .broken(let reason): pieces.append(.rejected(FrameError(reason: reason, bytes: frame)))
        }
        frame.removeAll()
    }

    /// Reports and drops bytes that arrived outside a frame.
    private mutating func flushJunk(into pieces: inout [ScannedFrame]) {
        guard !junk.isEmpty else { return }
        pieces.append(.rejected(FrameError(reason: framing.junkReason(count: junk.count), bytes: junk)))
        junk.removeAll()
    }
}
