import TraceModel

/// An incremental, pure decoder of one device protocol.
///
/// Bytes arrive in any chunking (one at a time, many frames at once, garbage between frames);
/// the decoder keeps what it needs between calls and returns every complete event in order.
/// It never performs I/O and never fails: undecodable bytes become `.frameError` events.
public protocol FrameDecoder: Sendable {
    /// Feeds the next bytes read from the device and returns the events they complete.
    mutating func feed(_ bytes: [UInt8]) -> [DeviceEvent]
    /// The request the transport writes periodically for polled devices (MT-SICS `SI\r\n`,
    /// Toledo `W`); nil for devices that send by themselves.
    var pollCommand: [UInt8]? { get }
    /// Bytes held between calls (a partial frame or junk not yet reported); bounded by the longest frame.
    var bufferedCount: Int { get }
}

/// Defaults for decoders that need no polling and keep no bytes.
extension FrameDecoder {
    /// Continuous-output devices are not polled.
    public var pollCommand: [UInt8]? { nil }
    /// Decoders that keep no bytes between calls hold none.
    public var bufferedCount: Int { 0 }
}
