import DeviceProtocols

/// One tag (or card) a simulated RFID reader can see, with the identifier its decoder reports.
public struct SimulatedTag: Sendable, Hashable {
    /// What the tag carries, in the form the reader's encoder takes (`TagPayload`).
    public typealias Payload = TagPayload

    /// The tag's contents.
    public let payload: Payload

    /// Creates a tag.
    public init(_ payload: Payload) {
        self.payload = payload
    }

    /// The `TagRead.id` the matching decoder reports: `982 000001088420` for FDX-B, uppercase hex otherwise.
    public var id: String {
        switch payload {
        case .fdxb(let code): code.display
        case .em4100(let number): number.hex
        case .uid(let bytes), .epc(let bytes): Self.hex(bytes)
        }
    }

    /// Uppercase hex without separators, as the decoders print identifiers.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
    }
}
