/// Cuts a byte stream into the pieces a `ScanningDecoder` decodes: frames (or lines) and rejected bytes.
///
/// `BinaryFrameScanner`, `StartByteFrameScanner` and `LineAccumulator` are the scanners; each works byte by
/// byte, so what it returns never depends on how the bytes were chunked.
protocol FrameScanner: Sendable {
    /// Bytes held between calls (an unfinished frame or line, junk not yet reported).
    var bufferedCount: Int { get }
    /// Cuts `bytes` into frames; what is not a frame becomes a rejection with the reason. Decode the
    /// frames with `events(decode:)`.
    mutating func frames(from bytes: some Sequence<UInt8>) -> [ScannedFrame]
}

/// A scanner that takes the stream one byte at a time (`BinaryFrameScanner`, `StartByteFrameScanner`).
protocol ByteFrameScanner: FrameScanner {
    /// Takes one byte; appends the pieces it completed.
    mutating func push(_ byte: UInt8, into pieces: inout [ScannedFrame])
}

/// Cutting a chunk is pushing its bytes in order.
extension ByteFrameScanner {
    /// Cuts `bytes` into frames; junk, cut-off and failed candidates become rejections.
    mutating func frames(from bytes: some Sequence<UInt8>) -> [ScannedFrame] {
        var pieces: [ScannedFrame] = []
        for byte in bytes { push(byte, into: &pieces) }
        return pieces
    }
}
