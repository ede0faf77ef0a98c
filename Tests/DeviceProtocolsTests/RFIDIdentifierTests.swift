import DeviceProtocols
import Testing
import TraceModel

/// The pure identifier helpers reproduce the test vectors of devices.md §4 and domain.md §2–3.
@Suite struct RFIDIdentifierTests {
    /// ISO 11784: both 64-bit forms, display and dot-hex of devices.md §4a.
    @Test func iso11784TestVectors() throws {
        let code = ISO11784Code(rawValue: 0x8000_F9DC_BE99_1A14)
        #expect(code.country == 999)
        #expect(code.nationalID == 123_456_789_012)
        #expect(code.animal)
        #expect(!code.dataBlock && code.reserved == 0)
        #expect(code.display == "999 123456789012")
        #expect(code.dotHex == "3E7.1CBE991A14")
        #expect(code.bitReversed == 0x2858_997D_3B9F_0001)
        #expect(ISO11784Code(bitReversed: 0x2858_997D_3B9F_0001) == code)
        let built = try ISO11784Code(country: 999, nationalID: 123_456_789_012, animal: true)
        #expect(built.rawValue == 0x8000_F9DC_BE99_1A14)
        #expect(try ISO11784Code(country: 982, nationalID: 1_088_420).display == "982 000001088420")
    }

    /// Every field survives both 64-bit forms.
    @Test func iso11784RoundTrips() throws {
        var random = TestRandom(seed: 7)
        for _ in 0..<200 {
            let code = try ISO11784Code(
                country: Int.random(in: 0...1023, using: &random),
                nationalID: Int64.random(in: 0...ISO11784Code.maxNationalID, using: &random),
                animal: Bool.random(using: &random), dataBlock: Bool.random(using: &random),
                reserved: Int.random(in: 0...0x3FFF, using: &random))
            #expect(ISO11784Code(rawValue: code.rawValue) == code)
            #expect(ISO11784Code(bitReversed: code.bitReversed) == code)
        }
        #expect(throws: TagIdentifierError.self) { try ISO11784Code(country: 1024, nationalID: 1) }
        #expect(throws: TagIdentifierError.self) { try ISO11784Code(country: 1, nationalID: 1 << 38) }
    }

    /// SGTIN-96: the devices.md §4d vector, its GTIN with check digit, and the way back to bytes.
    @Test func sgtin96TestVector() throws {
        let epc: [UInt8] = [0x30, 0x74, 0x25, 0x7B, 0xF7, 0x19, 0x4E, 0x40, 0x00, 0x00, 0x1A, 0x85]
        let sgtin = try SGTIN96(epc: epc)
        #expect(sgtin.tagURI == "urn:epc:tag:sgtin-96:3.0614141.812345.6789")
        #expect(sgtin.filter == 3 && sgtin.companyPrefix == "0614141" && sgtin.itemReference == "812345")
        #expect(sgtin.serial == 6789)
        #expect(sgtin.gtin == "80614141123458")
        #expect(sgtin.epc == epc)
    }

    /// Every partition round-trips; wrong headers, sizes and partition 7 are refused with the EPC named.
    @Test func sgtin96PartitionsAndErrors() throws {
        for prefixDigits in 6...12 {
            let prefix = String(String(repeating: "9", count: prefixDigits).dropLast()) + "1"
            let item = String(repeating: "0", count: 12 - prefixDigits) + "7"
            let sgtin = try SGTIN96(filter: 1, companyPrefix: prefix, itemReference: item, serial: 274_877_906_943)
            #expect(try SGTIN96(epc: sgtin.epc) == sgtin)
        }
        do {
            _ = try SGTIN96(epc: [0xE2] + [UInt8](repeating: 0, count: 11))
            Issue.record("a non-SGTIN EPC was accepted")
        } catch {
            #expect(error.message.contains("E20000000000000000000000") && error.message.contains("not 30"))
        }
        #expect(throws: TagIdentifierError.self) { try SGTIN96(epc: [0x30, 0x1C] + [UInt8](repeating: 0, count: 10)) }
        #expect(throws: TagIdentifierError.self) { try SGTIN96(epc: [0x30]) }
    }

    /// EM4100: the card number, W26 and W34 forms of devices.md §4b, and back from what a keyboard types.
    @Test func em4100KeyboardForms() throws {
        let number = try EM4100Number(hex: "4500C5D1E9")
        #expect(number.hex == "4500C5D1E9")
        #expect(number.cardNumber == "0012964329")
        #expect(number.wiegand26.facility == 197 && number.wiegand26.card == 53737)
        #expect(number.typed(as: .decimal10) == "0012964329")
        #expect(number.typed(as: .wiegand26) == "19753737")
        #expect(number.typed(as: .wiegand34) == "12964329")
        #expect(try EM4100Number.lowBytes(typed: "0012964329", format: .decimal10) == [0x00, 0xC5, 0xD1, 0xE9])
        #expect(try EM4100Number.lowBytes(typed: "12964329", format: .wiegand34) == [0x00, 0xC5, 0xD1, 0xE9])
        #expect(try EM4100Number.lowBytes(typed: "19753737", format: .wiegand26) == [0xC5, 0xD1, 0xE9])
        #expect(throws: TagIdentifierError.self) { try EM4100Number.lowBytes(typed: "29953737", format: .wiegand26) }
        #expect(throws: TagIdentifierError.self) { try EM4100Number.lowBytes(typed: "4294967296", format: .decimal10) }
        #expect(throws: TagIdentifierError.self) { try EM4100Number(hex: "4500C5D1E") }
        #expect(throws: TagIdentifierError.self) { try EM4100Number(hex: "4500C5D1EG") }
    }

    /// UID byte order: decimal both ways for 4, 7 and 10-byte UIDs.
    @Test func uidByteOrder() throws {
        let uid: [UInt8] = [0x8B, 0x0D, 0x4F, 0x49]
        #expect(UIDByteOrder.msbFirst.decimal(of: uid) == "2332905289")
        #expect(UIDByteOrder.lsbFirst.decimal(of: uid) == "1229917579")
        #expect(try UIDByteOrder.lsbFirst.uid(fromDecimal: "1229917579", length: 4) == uid)
        #expect(try UIDByteOrder.msbFirst.uid(fromDecimal: "2332905289", length: 4) == uid)
        let long: [UInt8] = [0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99]
        for order in UIDByteOrder.allCases {
            for size in [4, 7, 10] {
                let part = Array(long.prefix(size))
                #expect(try order.uid(fromDecimal: order.decimal(of: part), length: size) == part)
            }
        }
        #expect(UIDByteOrder.msbFirst.decimal(of: [0, 0, 0, 0]) == "0")
        #expect(throws: TagIdentifierError.self) { try UIDByteOrder.msbFirst.uid(fromDecimal: "4294967296", length: 4) }
        #expect(throws: TagIdentifierError.self) { try UIDByteOrder.msbFirst.uid(fromDecimal: "1", length: 5) }
    }

    /// Ear tags: the domain.md §2 example is split; wrong numbers get messages that name them.
    @Test func earTagNumbers() throws {
        let tag = try EarTagNumber("137068100001234")
        #expect(tag.species == .pig && tag.county == "370681" && tag.serial == "00001234")
        #expect(tag.digits == "137068100001234")
        #expect(try EarTagNumber("737068100001 234").species == .breedingSow)
        func message(_ text: String) -> String {
            do {
                _ = try EarTagNumber(text)
                return ""
            } catch { return error.message }
        }
        #expect(message("13706810000123").contains("must be 15 digits"))
        #expect(message("937068100001234").contains("species digit 9"))
        #expect(message("199000000001234").contains("990000 is not a county"))
        #expect(message("137000000001234").contains("370000 is not a county"))
        #expect(message("13706810000123X").contains("only digits"))
    }
}
