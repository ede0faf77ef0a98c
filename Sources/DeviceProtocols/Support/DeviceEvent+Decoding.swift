import TraceModel

/// The decoders' shorthand for rejecting bytes.
extension DeviceEvent {
    /// A frame error saying why `bytes` are not a frame.
    static func frameError(_ reason: String, bytes: some Sequence<UInt8>) -> DeviceEvent {
        .frameError(FrameError(reason: reason, bytes: bytes))
    }
}
