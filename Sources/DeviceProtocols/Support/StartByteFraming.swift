/// How a protocol whose frames open with a start byte that never occurs inside a frame delimits them, for
/// `StartByteFrameScanner` (XK3190 STX and '=', Dahua CR, ACLAS SOH/STX, Toledo 8217 STX).
protocol StartByteFraming: Sendable {
    /// Bytes outside a frame are reported once this many have collected.
    var maxJunk: Int { get }
    /// Whether `byte` opens a frame; it never occurs inside one, so it also cuts off an unfinished frame.
    func opensFrame(_ byte: UInt8) -> Bool
    /// What the frame received so far (start byte included) amounts to, just after its last byte arrived.
    func state(of frame: [UInt8]) -> StartByteFrameState
    /// Why the unfinished `frame` is reported when `next` opens another frame.
    func cutOffReason(_ frame: [UInt8], next: UInt8) -> String
    /// Why `count` bytes that arrived outside a frame are reported.
    func junkReason(count: Int) -> String
    /// Bytes silently skipped between frames (CR and LF after ACLAS SOH frames); none by default.
    func isSeparator(_ byte: UInt8) -> Bool
}

/// Separators are rare; most framings have none.
extension StartByteFraming {
    /// No byte is a separator.
    func isSeparator(_ byte: UInt8) -> Bool { false }
}

/// What the bytes of a frame received so far amount to.
enum StartByteFrameState: Sendable, Hashable {
    /// More bytes are needed.
    case partial
    /// A whole frame, ready to decode.
    case complete
    /// Not a frame (ended too early, no end within the longest frame), with the reason.
    case broken(String)
}
