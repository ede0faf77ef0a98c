/// CRC-16/MCRF4XX: preset 0xFFFF, reflected polynomial 0x8408, no final XOR (Chafon UHF readers).
///
/// Source: devices.md §4d (wabson/chafon-rfid `checksum.py`). Check value: `04 00 01` → 0x4BDB, sent
/// low byte first as `DB 4B`.
enum CRC16MCRF4XX {
    /// The CRC of `bytes`.
    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes {
            crc ^= UInt16(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? crc >> 1 ^ 0x8408 : crc >> 1 }
        }
        return crc
    }
}
