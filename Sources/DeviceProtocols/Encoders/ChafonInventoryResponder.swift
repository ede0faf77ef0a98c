/// Plays a Chafon UHFReader18 (`uhf-chafon`) answering inventory, for simulators and tests.
///
/// The inventory command gets one reply listing the EPCs in the field, or status FB (no tag) when the
/// field is empty; a command the reader does not know gets status FE (illegal command).
public struct ChafonInventoryResponder: PolledTagResponder {
    /// Frame encoder.
    public let encoder: ChafonFrameEncoder

    /// Creates a responder.
    public init(encoder: ChafonFrameEncoder = ChafonFrameEncoder()) {
        self.encoder = encoder
    }

    /// The reply to `request`.
    public mutating func reply(to request: [UInt8], tagsInField tags: [TagPayload]) -> TagReaderReply {
        guard request == ChafonDecoder.inventoryCommand else {
            return TagReaderReply(bytes: encoder.command(0x00, data: [0xFE]), reported: [])
        }
        guard !tags.isEmpty else { return TagReaderReply(bytes: encoder.command(0x01, data: [0xFB]), reported: []) }
        let epcs = tags.compactMap { if case .epc(let epc) = $0 { epc } else { nil } }
        return TagReaderReply(bytes: encoder.inventoryReply(epcs: epcs), reported: tags)
    }
}
