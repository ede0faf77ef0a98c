/// Frames of one length that open with a start byte found nowhere else and may close with an end byte:
/// XK3190 tF0 (`STX … ETX`, 12 bytes), XK3190 "=" (9 bytes, no end byte), Dahua ACS (`CR … LF`, 7 bytes).
///
/// A frame is whole when `length` bytes have arrived; an end byte before that ends a short frame.
struct FixedLengthFraming: StartByteFraming {
    /// The byte that opens a frame.
    let start: UInt8
    /// The start byte's name in reasons ("STX", "'='").
    let startName: String
    /// Bytes in a frame, start and end bytes included.
    let length: Int
    /// The byte that closes a frame, or nil when only the length ends it.
    var end: UInt8? = nil
    /// The end byte's name in reasons ("ETX").
    var endName = ""
    /// What a short frame should have been, added to its reason ("; expected CR, 5 characters, LF").
    var shortFrameHint = ""
    /// Bytes outside a frame reported together at the most.
    let maxJunk: Int

    /// The start byte.
    func opensFrame(_ byte: UInt8) -> Bool { byte == start }

    /// Whole at `length` bytes; broken when the end byte comes earlier.
    func state(of frame: [UInt8]) -> StartByteFrameState {
        if let end, frame.last == end, frame.count < length {
            return .broken("short frame (\(frame.count) of \(length) bytes) ended by \(endName)\(shortFrameHint)")
        }
        return frame.count == length ? .complete : .partial
    }

    /// A half frame before the next start byte.
    func cutOffReason(_ frame: [UInt8], next: UInt8) -> String {
        "incomplete frame (\(frame.count) of \(length) bytes) cut off by the next \(startName)"
    }

    /// Bytes before any start byte.
    func junkReason(count: Int) -> String { "\(count) bytes outside a frame (no \(startName))" }
}
