import TraceModel

/// What a line-protocol parser made of one line (or of the tail of one).
enum LineOutcome: Sendable, Hashable {
    /// A frame of the protocol that yields an event (a reading, or a device-reported error).
    case event(DeviceEvent)
    /// A valid frame that carries nothing for us (e.g. the MT-SICS acknowledgement `Z A`).
    case ignored
    /// Not a frame of this protocol; the reason says why.
    case invalid(String)

    /// Parses `line`; when it is not a frame, looks for a frame starting later in the line, because
    /// noise or a half frame without its terminator glues itself to the front of the next good frame.
    /// The junk in front is reported as its own error so the good frame is never swallowed.
    ///
    /// - Parameter startsFrame: bytes at which a frame may begin (the protocol's first characters).
    static func resynchronising(
        _ line: [UInt8], startsFrame: (UInt8) -> Bool, parse: (ArraySlice<UInt8>) -> LineOutcome
    ) -> [DeviceEvent] {
        let whole = parse(line[...])
        switch whole {
        case .event(let event): return [event]
        case .ignored: return []
        case .invalid(let reason):
            for start in line.indices.dropFirst() where startsFrame(line[start]) {
                let tail = parse(line[start...])
                let junk = DeviceEvent.frameError(
                    FrameError(
                        reason: "\(start) unexpected bytes before a frame: \"\(ByteText.printable(line[..<start]))\"",
                        bytes: line[..<start]))
                switch tail {
                case .event(let event): return [junk, event]
                case .ignored: return [junk]
                case .invalid: continue
                }
            }
            return [.frameError(FrameError(reason: reason, bytes: line))]
        }
    }
}
