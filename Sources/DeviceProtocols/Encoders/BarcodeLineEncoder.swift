import TraceModel

/// Encodes scans as a serial scanner sends them: AIM identifier, data, terminator (devices.md §3c–d).
public struct BarcodeLineEncoder: Sendable {
    /// The suffix after each scan.
    public let terminator: BarcodeTerminator

    /// Creates an encoder.
    public init(terminator: BarcodeTerminator = .cr) { self.terminator = terminator }

    /// The bytes for one scan.
    public func encode(_ read: BarcodeRead) -> [UInt8] {
        Array((read.symbology ?? "").utf8) + Array(read.data.utf8) + terminator.bytes
    }
}
