import DeviceProtocols
import Testing
import TraceModel

/// Encoders and decoders of the RFID protocols agree, and the duplicate-read window holds.
@Suite struct RFIDReadTests {
    /// Decodes `bytes` with the catalogue's decoder for `name`.
    private func decode(_ name: String, _ bytes: [UInt8]) throws -> [DeviceEvent] {
        var decoder = try ProtocolCatalog.makeDecoder(named: name)
        return decoder.feed(bytes)
    }

    /// The single tag of `events`, or nil.
    private func tag(_ events: [DeviceEvent]) -> TagRead? {
        guard events.count == 1, case .tag(let tag) = events[0] else { return nil }
        return tag
    }

    /// FDX-B: every encoder style and the binary module frame give back the code.
    @Test func fdxbRoundTrips() throws {
        let code = try ISO11784Code(country: 982, nationalID: 1_088_420, dataBlock: true, reserved: 3)
        for style in FDXBAsciiEncoder.Style.allCases {
            let read = tag(try decode("fdx-b-ascii", FDXBAsciiEncoder(style: style).encode(code)))
            #expect(read?.id == "982 000001088420" && read?.country == 982 && read?.nationalID == 1_088_420)
        }
        #expect(FDXBAsciiEncoder(style: .tiris).encode(code) == Array("LA 00003 1 982 000001088420\r\n".utf8))
        let frame = FDXBBinaryEncoder().encode(try ISO11784Code(country: 900, nationalID: 0x12_DBFA_E7D5))
        #expect(frame == [0xAA, 0x0F, 0x08, 0x00, 0x03, 0x84, 0x12, 0xDB, 0xFA, 0xE7, 0xD5, 0x81, 0xBB])
        #expect(tag(try decode("fdx-b-binary", frame))?.id == "900 081000064981")
    }

    /// EM4100 both framings, ISO 14443 UIDs of every size.
    @Test func em4100AndUIDRoundTrips() throws {
        let number = try EM4100Number(hex: "4500C5D1E9")
        #expect(EM4100SerialEncoder().encode(number) == [0x02] + Array("4500C5D1E9B8".utf8) + [0x03])
        for framed in [true, false] {
            let read = tag(try decode("em4100", EM4100SerialEncoder(framed: framed).encode(number)))
            #expect(read == TagRead(technology: .em4100, id: "4500C5D1E9", decimal: "0012964329"))
        }
        #expect(
            ISO14443SerialEncoder().encode(uid: [0x06, 0x00, 0x8E, 0x6D, 0x5D]) == [
                0x02, 0x0A, 0x02, 0x06, 0x00, 0x8E, 0x6D, 0x5D, 0xB0, 0x03,
            ])
        for size in [4, 7, 10] {
            let uid = (0..<size).map { UInt8($0 * 17 + 3) }
            let read = tag(try decode("iso14443-serial", ISO14443SerialEncoder().encode(uid: uid)))
            #expect(read?.technology == .iso14443a)
            #expect(read?.id.count == size * 2)
        }
    }

    /// R2000 frames match devices.md byte for byte; antenna and RSSI survive; end of round gives nothing.
    @Test func r2000Frames() throws {
        let encoder = R2000FrameEncoder()
        #expect(encoder.frame(command: 0x89, data: [0xFF]) == R2000Decoder.inventoryCommand)
        let epc: [UInt8] = [0x30, 0x74, 0x25, 0x7B, 0xF7, 0x19, 0x4E, 0x40, 0x00, 0x00, 0x1A, 0x85]
        #expect(
            encoder.tagRecord(epc: epc)
                == [0xA0, 0x13, 0x01, 0x89, 0x00, 0x30, 0x00] + epc + [0x4A, 0xC8])
        #expect(
            encoder.endOfRound(readRate: 100, totalReads: 300)
                == [0xA0, 0x0A, 0x01, 0x89, 0x00, 0x00, 0x64, 0x00, 0x00, 0x01, 0x2C, 0x3B])
        #expect(encoder.error(command: 0x90, code: 0x38) == [0xA0, 0x04, 0x01, 0x90, 0x38, 0x93])
        for antenna in 1...8 {
            let read = tag(try decode("uhf-r2000", encoder.tagRecord(epc: epc, antenna: antenna, rssi: 99)))
            #expect(read?.antenna == antenna && read?.rssi == 99)
            #expect(read?.gtin == "80614141123458" && read?.itemSerial == "6789")
        }
        #expect(try decode("uhf-r2000", encoder.endOfRound(readRate: 100, totalReads: 300)).isEmpty)
        let error = try decode("uhf-r2000", encoder.error(command: 0x90, code: 0x38))
        #expect(error.count == 1 && error[0].isError)
    }

    /// Chafon commands match devices.md; replies with several tags give one event per tag.
    @Test func chafonFrames() throws {
        #expect(ChafonFrameEncoder().command(0x01) == ChafonDecoder.inventoryCommand)
        #expect(ChafonFrameEncoder(address: 0xFF).command(0x01) == [0x04, 0xFF, 0x01, 0x1B, 0xB4])
        let epcs: [[UInt8]] = [
            [0xE2, 0x00, 0x34, 0x12], Array(repeating: 0xAB, count: 12), [0x30] + Array(repeating: 1, count: 11),
        ]
        let events = try decode("uhf-chafon", ChafonFrameEncoder().inventoryReply(status: 0x03, epcs: epcs))
        #expect(
            events.map(\.payload) == [
                "t uhf-gen2 E2003412", "t uhf-gen2 " + String(repeating: "AB", count: 12),
                "t uhf-gen2 30" + String(repeating: "01", count: 11),
            ])
        #expect(try decode("uhf-chafon", ChafonFrameEncoder().inventoryReply(status: 0xFB, epcs: [])).isEmpty)
    }

    /// A tag seen continuously is one event; after the window of absence it counts again.
    @Test func duplicateReadWindow() {
        var filter = DuplicateReadFilter(window: .seconds(2))
        let tag = TagRead(technology: .uhfGen2, id: "3074257BF7194E4000001A85", antenna: 1, rssi: 70)
        let sameOtherAntenna = TagRead(technology: .uhfGen2, id: "3074257BF7194E4000001A85", antenna: 2, rssi: 30)
        let other = TagRead(technology: .uhfGen2, id: "E2003412")
        var admitted = 0
        // 50 reads a second for 10 s, alternating antennas: one event.
        for tick in 0..<500 {
            if filter.admit(tick % 2 == 0 ? tag : sameOtherAntenna, at: .milliseconds(tick * 20)) { admitted += 1 }
        }
        #expect(admitted == 1)
        #expect(admit(&filter, other, at: .milliseconds(10_000)))
        // Gone for less than the window: still the same visit.
        #expect(!admit(&filter, tag, at: .milliseconds(9_980 + 1_999)))
        // Gone for the whole window: a new event.
        #expect(admit(&filter, tag, at: .milliseconds(11_979 + 2_000)))
        // Many different tags: the table is pruned, not grown without bound.
        var many = DuplicateReadFilter(window: .seconds(1))
        for index in 0..<10_000 {
            #expect(admit(&many, TagRead(technology: .em4100, id: String(index)), at: .milliseconds(index * 100)))
        }
        #expect(many.trackedCount < 300)
    }

    /// Runs the mutating `admit` outside `#expect`, which cannot take a mutating call.
    private func admit(_ filter: inout DuplicateReadFilter, _ tag: TagRead, at time: Duration) -> Bool {
        filter.admit(tag, at: time)
    }

    /// The JSON line of a tag has its keys in the documented order.
    @Test func tagJSONLine() {
        let read = TagRead(
            technology: .uhfGen2, id: "3074257BF7194E4000001A85", uri: "urn:epc:tag:sgtin-96:3.0614141.812345.6789",
            gtin: "80614141123458", itemSerial: "6789", antenna: 2, rssi: 74)
        #expect(
            DecodeOutput.jsonLine(.tag(read))
                == #"{"type":"tag","technology":"uhf-gen2","id":"3074257BF7194E4000001A85","#
                + #""uri":"urn:epc:tag:sgtin-96:3.0614141.812345.6789","gtin":"80614141123458","serial":"6789","#
                + #""antenna":2,"rssi":74}"#)
        let animal = TagRead(
            technology: .fdxB, id: "999 123456789012", country: 999, nationalID: 123_456_789_012, animal: true)
        #expect(
            DecodeOutput.jsonLine(.tag(animal))
                == #"{"type":"tag","technology":"fdx-b","id":"999 123456789012","country":999,"#
                + #""national":123456789012,"animal":true}"#)
    }
}
