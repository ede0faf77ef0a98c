import TraceModel

/// Decoder for `uhf-r2000`: UHF readers built on the Impinj R2000 chip, serial interface protocol.
///
/// Source: devices.md §4d (Impinj R2000 serial interface protocol; wanweisports `RXObserver.java`).
/// Frame: `A0 | Len | Addr | Cmd | Data | Check`; `Len` counts Addr through Check; Check is the two's
/// complement of the sum of all preceding bytes. The gateway polls with the real-time inventory command
/// `A0 04 01 89 FF D3` (0x89, repeat 0xFF). Replies to 0x89:
/// - tag record: `FreqAnt | PC (2) | EPC | RSSI` — antenna = FreqAnt bits 0–1 + RSSI bit 7 × 4 (reported
///   1-based), RSSI = low 7 bits of the RSSI byte; the EPC length comes from the PC word (bits 15–11);
/// - end of round: 7 data bytes (antenna, read rate u16, total reads u32) — produces no event (it says
///   the round is over, not which tags are in the field);
/// - error: one data byte, the error code — a frame error naming the code.
///
/// Quirks:
/// - `A0` occurs inside EPCs: a frame whose checksum fails gives up only its bytes before the next `A0`,
///   so noise or a half frame never swallows the next good frame.
/// - A one-byte reply 0x10 (command success) to any command is ignored; replies to other commands than
///   0x89 are ignored (the gateway sends only 0x89).
/// - SGTIN-96 EPCs are also decoded (`uri`, `gtin`, `itemSerial`); other EPCs are reported as hex only.
public struct R2000Decoder: ScanningDecoder, ConfiguredDecoder {
    /// The R2000 framing.
    struct Framing: BinaryFraming {
        /// Frames start with A0.
        func mayStart(_ byte: UInt8) -> Bool { byte == 0xA0 }
        /// Len (Addr through Check) is at least 3; the frame is Len + 2 bytes.
        func length(ofFrameStartingWith head: ArraySlice<UInt8>) -> BinaryFrameLength {
            .fromLengthByte(at: 1, of: head) { $0 >= 3 ? $0 + 2 : nil }
        }
        /// Two's-complement checksum.
        func problem(in frame: [UInt8]) -> String? {
            ByteText.checkMismatch(
                "checksum", sent: frame[frame.count - 1], computed: R2000Decoder.checksum(frame.dropLast()))
        }
    }

    /// The real-time inventory command for reader address 01, repeat 0xFF (devices.md §4d).
    public static let inventoryCommand: [UInt8] = [0xA0, 0x04, 0x01, 0x89, 0xFF, 0xD3]

    /// Polled with `inventoryCommand` unless `pollCommand` gives another.
    static var defaultPollCommand: [UInt8]? { inventoryCommand }
    /// Frame cutting and checks.
    var scanner = BinaryFrameScanner(framing: Framing())
    /// Only `pollCommand` applies.
    let options: DecoderOptions

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// The two's complement of the byte sum.
    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt8 { 0 &- bytes.reduce(0, &+) }

    /// Decodes a checked frame; no event for frames that carry nothing for us.
    func decode(_ frame: [UInt8]) -> [DeviceEvent] {
        let command = frame[3]
        let data = Array(frame[4..<(frame.count - 1)])
        if data.count == 1 {
            guard data[0] != 0x10 else { return [] }
            return [
                .frameError(
                    "R2000 reader error 0x\(ByteText.hex(data[0]))\(Self.errorName(data[0])) in reply to command "
                        + "0x\(ByteText.hex(command))", bytes: frame)
            ]
        }
        guard command == 0x89 else { return [] }
        if data.count == 7 { return [] }  // end of round: antenna, read rate, total reads
        guard data.count >= 4 else {
            return [
                .frameError("R2000 inventory reply with \(data.count) data bytes is not a tag record", bytes: frame)
            ]
        }
        let pc = Int(data[1]) << 8 | Int(data[2])
        let epc = Array(data[3..<(data.count - 1)])
        let words = pc >> 11
        guard words * 2 == epc.count else {
            return [
                .frameError(
                    "R2000 tag record: PC \(ByteText.hex(data[1...2])) says \(words * 2) EPC bytes, "
                        + "the frame has \(epc.count)", bytes: frame)
            ]
        }
        let rssiByte = data[data.count - 1]
        let antenna = Int(data[0] & 0x03) + Int(rssiByte >> 7) * 4 + 1
        return [.tag(UHFTag.read(epc: epc, antenna: antenna, rssi: Int(rssiByte & 0x7F)))]
    }

    /// A name for the R2000 error codes seen in the field; empty for others (look them up in the R2000
    /// serial protocol's error table).
    static func errorName(_ code: UInt8) -> String {
        switch code {
        case 0x11: " (command failed)"
        case 0x22: " (antenna missing: check the antenna cable)"
        case 0x36: " (no tag)"
        case 0x38: " (inventory buffer empty)"
        default: ""
        }
    }
}

/// The catalogue entry.
extension R2000Decoder {
    /// `uhf-r2000` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "uhf-r2000",
        summary: "Impinj R2000 UHF reader, polled with real-time inventory A0 04 01 89 FF D3; EPC, antenna, RSSI",
        kind: .rfid, defaultLine: SerialLineSettings(baud: 115_200),
        polled: true, pollCommand: inventoryCommand, optionNames: ["pollCommand"],
        makeDecoder: { R2000Decoder(options: $0) },
        tagEncoder: .polled(payload: .epc, responder: R2000InventoryResponder()))
}
