import Testing

@testable import ReferencePlatform

/// zlib inflation of request bodies, with the size cap.
@Suite struct GzipInflaterTests {
    @Test func roundTripAndLimits() throws {
        let text = Array(String(repeating: "追溯码 trace code ", count: 2000).utf8)
        let compressed = Gzip.compress(text)
        #expect(try GzipInflater.inflate(compressed, limit: text.count) == text)
        #expect(throws: GzipInflater.Failure.tooLarge(limit: 1000)) {
            _ = try GzipInflater.inflate(compressed, limit: 1000)
        }
        #expect(throws: GzipInflater.Failure.self) { _ = try GzipInflater.inflate(Array("plain".utf8), limit: 100) }
        #expect(throws: GzipInflater.Failure.self) {
            _ = try GzipInflater.inflate(compressed + [1, 2, 3], limit: text.count)
        }
        #expect(try GzipInflater.inflate(Gzip.compress([]), limit: 10) == [])
    }
}
