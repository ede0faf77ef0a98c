import Testing
import TraceModel

/// Ear-tag numbers (畜禽标识编码, domain.md §2): 15 digits, species + county + serial.
@Suite struct EarTagNumberTests {
    /// A pig's tag, as printed (in groups) and as typed.
    @Test func parsesThePartsOfA15DigitNumber() throws {
        for text in ["137068100001234", "1 370681 00001234", "1-370681-00001234"] {
            let tag = try EarTagNumber(text)
            #expect(tag.species == .pig)
            #expect(tag.county == "370681")
            #expect(tag.serial == "00001234")
            #expect(tag.digits == "137068100001234")
            #expect(tag.description == "137068100001234")
        }
        // A breeding sow's tag typed as printed: 12 digits, then the last 3 beside the 2D code.
        let sow = try EarTagNumber("737068100001 234")
        #expect(sow.species == .breedingSow)
        #expect(sow.serial == "00001234")
        #expect(try EarTagNumber("233010200000001").species == .cattle)
        #expect(try EarTagNumber("365010100000009").species == .sheep)
        #expect(EarTagNumber(species: .pig, county: "370681", serial: "00001234").digits == "137068100001234")
    }

    /// Each way a number can be wrong names the number and the rule it breaks.
    @Test func rejectsWithAReasonAnOperatorCanActOn() {
        let cases: [(String, String)] = [
            ("13706810000123X", "only digits are allowed"),
            ("13706810000123", "must be 15 digits (species 1 + county 6 + serial 8), got 14"),
            ("1370681000012345", "got 16"),
            ("437068100001234", "species digit 4 is not 1 (pig), 2 (cattle), 3 (sheep) or 7 (breeding sow)"),
            ("037068100001234", "species digit 0"),
            ("137000000001234", "370000 is not a county administrative code"),
            ("191010100001234", "910101 is not a county administrative code"),
            ("101010100001234", "010101 is not a county administrative code"),
        ]
        for (text, reason) in cases {
            do {
                _ = try EarTagNumber(text)
                Issue.record("\(text) was accepted")
            } catch {
                #expect(error.message.contains(reason), "\(text): \(error.message)")
            }
        }
    }

    /// A tag's identity is technology and id, whatever the antenna or signal strength.
    @Test func tagIdentityIgnoresReadDetails() {
        let first = TagRead(technology: .fdxB, id: "982 000001088420", antenna: 1, rssi: 40)
        let second = TagRead(technology: .fdxB, id: "982 000001088420", antenna: 2, rssi: 90)
        #expect(first.identity == "fdx-b:982 000001088420")
        #expect(first.identity == second.identity)
        #expect(first != second)
        let epc = TagRead(technology: .uhfGen2, id: "3074257BF7194E4000001A85")
        #expect(epc.identity == "uhf-gen2:3074257BF7194E4000001A85")
    }
}
