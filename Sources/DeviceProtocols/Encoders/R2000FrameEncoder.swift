/// Produces Impinj R2000 serial protocol frames (`uhf-r2000`), for simulators and tests.
public struct R2000FrameEncoder: Sendable {
    /// The reader address (01 in devices.md's examples; FF is broadcast).
    public var address: UInt8

    /// Creates an encoder.
    public init(address: UInt8 = 0x01) {
        self.address = address
    }

    /// `A0 Len Addr Cmd Data Check` with the two's-complement checksum.
    public func frame(command: UInt8, data: [UInt8]) -> [UInt8] {
        let head: [UInt8] = [0xA0, UInt8(data.count + 3), address, command] + data
        return head + [R2000Decoder.checksum(head)]
    }

    /// A real-time inventory tag record for `epc` (an even number of bytes) seen on `antenna` (1–8) with
    /// raw `rssi` (0–127) at frequency index `frequency`.
    public func tagRecord(epc: [UInt8], antenna: Int = 1, rssi: Int = 0x4A, frequency: Int = 0) -> [UInt8] {
        let port = antenna - 1
        let freqAnt = UInt8(frequency << 2 | port & 0x03)
        let pc = UInt16(epc.count / 2) << 11
        let rssiByte = UInt8(rssi & 0x7F) | (port >= 4 ? 0x80 : 0)
        return frame(command: 0x89, data: [freqAnt, UInt8(pc >> 8), UInt8(pc & 0xFF)] + epc + [rssiByte])
    }

    /// The end-of-round frame: antenna, read rate (u16), total reads (u32).
    public func endOfRound(antenna: UInt8 = 0, readRate: UInt16, totalReads: UInt32) -> [UInt8] {
        let total = (0..<4).map { UInt8(truncatingIfNeeded: totalReads >> (8 * (3 - $0))) }
        return frame(command: 0x89, data: [antenna, UInt8(readRate >> 8), UInt8(readRate & 0xFF)] + total)
    }

    /// A one-byte error reply to `command`.
    public func error(command: UInt8, code: UInt8) -> [UInt8] { frame(command: command, data: [code]) }
}
