import Testing
import Uplink

/// Percent-encoding as URIs and form bodies use it.
@Suite struct PercentEncodingTests {
    /// RFC 3986 unreserved characters pass; everything else is `%XX` of its UTF-8 bytes.
    @Test func unreserved() {
        #expect(PercentEncoding.unreserved("aZ09-._~") == "aZ09-._~")
        #expect(PercentEncoding.unreserved("a b/猪*+") == "a%20b%2F%E7%8C%AA%2A%2B")
        #expect(PercentEncoding.unreserved("\n") == "%0A")
    }

    /// Form values: `*` passes, `~` does not, a space is `+`.
    @Test func formValue() {
        #expect(PercentEncoding.formValue("aZ09*-._") == "aZ09*-._")
        #expect(PercentEncoding.formValue("a b~猪+") == "a+b%7E%E7%8C%AA%2B")
    }
}
