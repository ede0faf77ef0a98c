import DeviceProtocols
import Testing
import TraceModel

/// Random bytes never crash a decoder and never make its buffer grow past one frame.
@Suite struct RobustnessTests {
    /// The most bytes any decoder may hold between calls (the barcode line limit plus its suffix).
    static let bufferLimit = 4096 + 8

    /// Feeds seeded random bytes in random chunks; checks the buffer after every call.
    @Test(arguments: ProtocolCatalog.all.map(\.name))
    func randomBytesKeepBufferBounded(_ name: String) throws {
        let options = DecoderOptions(pattern: #"(?<value>[-+]?[0-9.]+)\s*(?<unit>kg|g)?"#)
        var decoder = try ProtocolCatalog.makeDecoder(named: name, options: options)
        var random = TestRandom(seed: 42)
        var maxBuffered = 0
        var fed = 0
        var events = 0
        for _ in 0..<400 {
            let chunk = (0..<Int.random(in: 1...128, using: &random)).map { _ in
                // Mostly printable ASCII (so line protocols see long lines), sometimes anything.
                Bool.random(using: &random)
                    ? UInt8.random(in: 0x20...0x7E, using: &random) : UInt8.random(in: 0...255, using: &random)
            }
            fed += chunk.count
            events += decoder.feed(chunk).count
            maxBuffered = max(maxBuffered, decoder.bufferedCount)
        }
        #expect(maxBuffered <= Self.bufferLimit)
        #expect(fed > 10_000)
        #expect(events > 0, "random bytes must be reported, not silently kept")
    }

    /// A long run of bytes without any delimiter is reported and dropped, for every decoder.
    @Test(arguments: ProtocolCatalog.all.map(\.name))
    func runOfJunkIsReportedAndDropped(_ name: String) throws {
        let options = DecoderOptions(pattern: #"(?<value>[0-9.]+)"#)
        var decoder = try ProtocolCatalog.makeDecoder(named: name, options: options)
        let events = decoder.feed(Array(repeating: 0x41, count: 10_000))
        #expect(events.contains { if case .frameError = $0 { true } else { false } })
        #expect(decoder.bufferedCount <= Self.bufferLimit)
        let frameErrorBytes = events.reduce(0) { sum, event in
            if case .frameError(let error) = event { return sum + error.bytes.count }
            return sum
        }
        #expect(frameErrorBytes > 0)
    }
}
