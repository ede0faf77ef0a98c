import TraceModel

/// Turns a UHF EPC into a `TagRead`, decoding SGTIN-96 when the EPC is one.
enum UHFTag {
    /// The read of `epc`: hex id, plus tag URI, GTIN and serial for SGTIN-96.
    static func read(epc: [UInt8], antenna: Int?, rssi: Int?) -> TagRead {
        var tag = TagRead(technology: .uhfGen2, id: ByteText.hex(epc), antenna: antenna, rssi: rssi)
        if epc.count == 12, epc[0] == 0x30, let sgtin = try? SGTIN96(epc: epc) {
            tag.uri = sgtin.tagURI
            tag.gtin = sgtin.gtin
            tag.itemSerial = String(sgtin.serial)
        }
        return tag
    }
}
