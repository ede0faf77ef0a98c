/// How one binary or fixed-length protocol delimits its frames, for `BinaryFrameScanner`.
///
/// Binary frames (R2000 `A0 …`, Chafon `Len …`, FDX-B modules `AA … BB`) carry arbitrary bytes, so a
/// frame start can also appear inside data or noise. The scanner asks the framing whether a candidate's
/// first bytes are plausible and, once complete, whether its checksum holds.
protocol BinaryFraming: Sendable {
    /// Whether a frame may begin with `byte`.
    func mayStart(_ byte: UInt8) -> Bool
    /// What the first bytes of a candidate (starting with a start byte) say about its length.
    func length(ofFrameStartingWith head: ArraySlice<UInt8>) -> BinaryFrameLength
    /// Why a complete candidate is not a frame (checksum, end byte), or nil when it is one.
    func problem(in frame: [UInt8]) -> String?
    /// Bytes silently skipped between frames (e.g. CR LF after EM-18 reads); none by default.
    func isSeparator(_ byte: UInt8) -> Bool
}

/// Separators are rare; most framings have none.
extension BinaryFraming {
    /// No byte is a separator.
    func isSeparator(_ byte: UInt8) -> Bool { false }
}

/// What a candidate's first bytes say about its length.
enum BinaryFrameLength: Sendable, Hashable {
    /// More bytes are needed to tell.
    case unknown
    /// The whole frame, start byte included, is this many bytes.
    case known(Int)
    /// These bytes cannot start a frame (impossible length, unknown command …).
    case impossible
}

/// Framings whose frame says its own length in one byte (R2000 `A0 Len …`, ISO 14443 modules `02 len …`).
extension BinaryFrameLength {
    /// What the length byte at `offset` of `head` says, once it has arrived: `frameLength` turns the byte's
    /// value into the whole frame's length, or nil when no frame has that value.
    static func fromLengthByte(
        at offset: Int, of head: ArraySlice<UInt8>, frameLength: (Int) -> Int?
    ) -> BinaryFrameLength {
        guard head.count > offset else { return .unknown }
        return frameLength(Int(head[head.startIndex + offset])).map { .known($0) } ?? .impossible
    }
}
