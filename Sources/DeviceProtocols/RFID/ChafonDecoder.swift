import TraceModel

/// Decoder for `uhf-chafon`: Chafon CF-RU5102 / UHFReader18 UHF readers (answer-mode protocol).
///
/// Source: devices.md §4d (wabson/chafon-rfid `base.py`, `checksum.py`; Rmg.Chafon README for the
/// defaults 57600 baud, address 00). Frame: `Len | Adr | Cmd | Data | CRC-lo | CRC-hi`; `Len` counts the
/// bytes after itself; CRC-16/MCRF4XX over `Len` through the data. The gateway polls with the inventory
/// command `04 00 01 DB 4B` (address 00). Reply: `Len | Adr | 01 | Status | Num | (EPC length, EPC)… | CRC`.
///
/// Quirks:
/// - There is no start byte, so any byte may be a length. Only inventory replies (command 01, length ≥ 5)
///   are frames; a candidate that fails its CRC gives up one byte at a time until a frame checks, and the
///   skipped bytes are reported.
/// - Status 01–04 (finished, timeout, more data, buffer full) carry tags; FB (no tag in the field) gives no
///   event; other statuses are frame errors naming the status.
/// - devices.md's synthetic example `14 00 01 01 01 0C <EPC> 04 78` says Len 0x14 but 19 bytes follow
///   (its CRC was computed with 0x14): it is rejected; the consistent frame has Len 0x13 and CRC `93 82`.
/// - UHFReader18 replies carry no antenna or RSSI.
public struct ChafonDecoder: ScanningDecoder, ConfiguredDecoder {
    /// The Chafon framing.
    struct Framing: BinaryFraming {
        /// Any byte may be a length byte.
        func mayStart(_ byte: UInt8) -> Bool { true }
        /// Inventory replies only: Len ≥ 5 and command 01.
        func length(ofFrameStartingWith head: ArraySlice<UInt8>) -> BinaryFrameLength {
            let length = Int(head[head.startIndex])
            guard length >= 5 else { return .impossible }
            if head.count >= 3, head[head.startIndex + 2] != 0x01 { return .impossible }
            return .known(length + 1)
        }
        /// CRC-16/MCRF4XX, low byte first.
        func problem(in frame: [UInt8]) -> String? {
            let computed = CRC16MCRF4XX.checksum(frame.dropLast(2))
            let sent = UInt16(frame[frame.count - 2]) | UInt16(frame[frame.count - 1]) << 8
            guard sent == computed else {
                return "CRC-16 mismatch: frame says \(ByteText.hex(frame.suffix(2))), computed "
                    + "\(ByteText.hex([UInt8(computed & 0xFF), UInt8(computed >> 8)]))"
            }
            return nil
        }
    }

    /// The inventory command for reader address 00 (devices.md §4d).
    public static let inventoryCommand: [UInt8] = [0x04, 0x00, 0x01, 0xDB, 0x4B]

    /// Polled with `inventoryCommand` unless `pollCommand` gives another (e.g. `\x04\xFF\x01\x1B\xB4`, broadcast).
    static var defaultPollCommand: [UInt8]? { inventoryCommand }
    /// Frame cutting and checks.
    var scanner = BinaryFrameScanner(framing: Framing())
    /// Only `pollCommand` applies.
    let options: DecoderOptions

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// Decodes a checked inventory reply into one event per tag.
    func decode(_ frame: [UInt8]) -> [DeviceEvent] {
        let status = frame[3]
        switch status {
        case 0x01...0x04: break
        case 0xFB: return []
        default:
            return [
                .frameError(
                    FrameError(
                        reason: "Chafon reader status 0x\(ByteText.hex(status)) to inventory (not a tag list)",
                        bytes: frame))
            ]
        }
        let data = frame[4..<(frame.count - 2)]
        guard let count = data.first else {
            return [.frameError(FrameError(reason: "Chafon inventory reply without a tag count", bytes: frame))]
        }
        var events: [DeviceEvent] = []
        var index = data.startIndex + 1
        for _ in 0..<count {
            guard index < data.endIndex, index + 1 + Int(data[index]) <= data.endIndex else {
                return [
                    .frameError(
                        FrameError(
                            reason: "Chafon inventory reply announces \(count) tags but its EPC lengths do not fit",
                            bytes: frame))
                ]
            }
            let length = Int(data[index])
            events.append(
                .tag(UHFTag.read(epc: Array(data[(index + 1)..<(index + 1 + length)]), antenna: nil, rssi: nil)))
            index += 1 + length
        }
        guard index == data.endIndex else {
            return [
                .frameError(
                    FrameError(
                        reason: "Chafon inventory reply has \(data.endIndex - index) bytes after its \(count) tags",
                        bytes: frame))
            ]
        }
        return events
    }
}

/// The catalogue entry.
extension ChafonDecoder {
    /// `uhf-chafon` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "uhf-chafon",
        summary: "Chafon CF-RU5102/UHFReader18 UHF reader, polled with inventory 04 00 01 DB 4B (CRC-16/MCRF4XX)",
        kind: .rfid, defaultLine: SerialLineSettings(baud: 57_600),
        polled: true, pollCommand: inventoryCommand, optionNames: ["pollCommand"],
        makeDecoder: { ChafonDecoder(options: $0) },
        tagEncoder: .polled(payload: .epc, responder: ChafonInventoryResponder()))
}
