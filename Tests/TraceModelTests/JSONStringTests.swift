import Testing
import TraceModel

/// JSON string literals: the exact bytes the ledger hashes and the uplink sends.
@Suite struct JSONStringTests {
    /// The literal `JSONString` writes for `text`.
    static func literal(_ text: String) -> String {
        var out: [UInt8] = []
        JSONString.append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Quote, backslash and control characters escaped; `/` and non-ASCII as they are.
    @Test func escapes() {
        #expect(Self.literal("") == #""""#)
        #expect(Self.literal("猪肉/a") == #""猪肉/a""#)
        #expect(Self.literal("a\"b\\c") == #""a\"b\\c""#)
        #expect(Self.literal("\n\r\t") == #""\n\r\t""#)
        #expect(Self.literal("\u{1D}x\u{7F}") == "\"\\u001dx\u{7F}\"")
    }
}
