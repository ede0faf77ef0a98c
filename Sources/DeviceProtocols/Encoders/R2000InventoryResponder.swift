/// Plays an Impinj R2000 reader (`uhf-r2000`) answering real-time inventory, for simulators and tests.
///
/// The inventory command gets one tag record per EPC in the field (antenna 1, RSSI rising from 0x40) and
/// the end-of-round frame counting every read so far; any other command gets error 0x11 for that command.
public struct R2000InventoryResponder: PolledTagResponder {
    /// Frame encoder.
    public let encoder: R2000FrameEncoder
    /// Reads reported over all rounds (the end-of-round frame carries it).
    private var totalReads: UInt32 = 0

    /// Creates a responder.
    public init(encoder: R2000FrameEncoder = R2000FrameEncoder()) {
        self.encoder = encoder
    }

    /// The reply to `request`.
    public mutating func reply(to request: [UInt8], tagsInField tags: [TagPayload]) -> TagReaderReply {
        guard request == R2000Decoder.inventoryCommand else {
            let command = request.count >= 4 && request[0] == 0xA0 ? request[3] : 0x00
            return TagReaderReply(bytes: encoder.error(command: command, code: 0x11), reported: [])
        }
        totalReads &+= UInt32(tags.count)
        let records = tags.enumerated().flatMap { index, tag in
            guard case .epc(let epc) = tag else { return [UInt8]() }
            return encoder.tagRecord(epc: epc, antenna: 1, rssi: 0x40 + index * 3)
        }
        let end = encoder.endOfRound(antenna: 0, readRate: UInt16(tags.count * 10), totalReads: totalReads)
        return TagReaderReply(bytes: records + end, reported: tags)
    }
}
