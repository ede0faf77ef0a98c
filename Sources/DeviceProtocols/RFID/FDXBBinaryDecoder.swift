import TraceModel

/// Decoder for `fdx-b-binary`: Chinese 134.2 kHz reader modules that send each read as a 13-byte frame.
///
/// Source: devices.md §4a (longrfid.com module, 9600 8N1). Frame:
/// `AA 0F 08 00 | country (2 bytes, big-endian) | national id (5 bytes) | XOR | BB`; the XOR covers the
/// bytes from `0F` through the national id. Example `AA 0F 08 00 03 84 12 DB FA E7 D5 81 BB` = `900 081000064981`.
///
/// Quirks:
/// - The vendor page prints the example's XOR as "B1"; 0x81 is right (recomputed), so a "B1" frame is
///   rejected as an XOR mismatch.
/// - `AA` and `BB` also occur inside data: a failed frame gives up only its bytes before the next `AA`,
///   so noise never swallows the next good frame.
/// - The frame carries no animal flag (`TagRead.animal` is nil).
public struct FDXBBinaryDecoder: ScanningDecoder, ConfiguredDecoder {
    /// The module's framing.
    struct Framing: BinaryFraming {
        /// Frames start with AA.
        func mayStart(_ byte: UInt8) -> Bool { byte == 0xAA }
        /// Always 13 bytes.
        func length(ofFrameStartingWith head: ArraySlice<UInt8>) -> BinaryFrameLength { .known(13) }
        /// End byte and XOR.
        func problem(in frame: [UInt8]) -> String? {
            guard frame[12] == 0xBB else {
                return "FDX-B module frame does not end with BB (byte 13 is \(ByteText.hex(frame[12])))"
            }
            return ByteText.checkMismatch("XOR", sent: frame[11], computed: ByteText.xor(frame[1...10]))
        }
    }

    /// Frame cutting and checks.
    var scanner = BinaryFrameScanner(framing: Framing())
    /// Only `pollCommand` applies: modules send by themselves.
    let options: DecoderOptions

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// Decodes a checked frame.
    func decode(_ frame: [UInt8]) -> [DeviceEvent] {
        let country = Int(frame[4]) << 8 | Int(frame[5])
        let national = frame[6...10].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        guard let code = try? ISO11784Code(country: country, nationalID: national) else {
            return [
                .frameError(
                    "FDX-B code \(country)-\(national) does not fit ISO 11784 (country ≤ 1023, national id "
                        + "≤ \(ISO11784Code.maxNationalID))", bytes: frame)
            ]
        }
        return [.tag(TagRead(technology: .fdxB, id: code.display, country: code.country, nationalID: code.nationalID))]
    }
}

/// The catalogue entry.
extension FDXBBinaryDecoder {
    /// `fdx-b-binary` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "fdx-b-binary",
        summary: "134.2 kHz FDX-B reader module 13-byte frame AA 0F 08 00 country national XOR BB",
        kind: .rfid,
        makeDecoder: { FDXBBinaryDecoder(options: $0) },
        tagEncoder: .continuous(fdxb: FDXBBinaryEncoder().encode))
}
