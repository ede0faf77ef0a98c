/// Produces Chafon UHFReader18 frames (`uhf-chafon`), for simulators and tests.
public struct ChafonFrameEncoder: Sendable {
    /// The reader address (00 by default; FF is broadcast).
    public var address: UInt8

    /// Creates an encoder.
    public init(address: UInt8 = 0x00) {
        self.address = address
    }

    /// A host command: `Len Adr Cmd Data CRC-lo CRC-hi`.
    public func command(_ command: UInt8, data: [UInt8] = []) -> [UInt8] {
        withCRC([UInt8(4 + data.count), address, command] + data)
    }

    /// An inventory reply with `status` (01 = finished) listing `epcs`.
    public func inventoryReply(status: UInt8 = 0x01, epcs: [[UInt8]]) -> [UInt8] {
        var data: [UInt8] = [UInt8(epcs.count)]
        for epc in epcs { data += [UInt8(epc.count)] + epc }
        return withCRC([UInt8(5 + data.count), address, 0x01, status] + data)
    }

    /// `bytes` followed by their CRC-16/MCRF4XX, low byte first.
    private func withCRC(_ bytes: [UInt8]) -> [UInt8] {
        let crc = CRC16MCRF4XX.checksum(bytes)
        return bytes + [UInt8(crc & 0xFF), UInt8(crc >> 8)]
    }
}
