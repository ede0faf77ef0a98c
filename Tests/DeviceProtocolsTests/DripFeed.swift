import DeviceProtocols
import TraceModel

/// The drip-feed check for decoders (after swift-nio's ByteToMessageDecoderVerifier): the same bytes fed
/// one at a time, all at once and in seeded random chunks must give the same events.
enum DripFeed {
    /// How a stream is cut into `feed` calls.
    enum Chunking: CustomStringConvertible {
        /// One `feed` with everything.
        case allAtOnce
        /// One byte per `feed`.
        case oneByte
        /// Random chunk sizes 1…`maxChunk` from a seeded generator.
        case random(seed: UInt64, maxChunk: Int)

        /// Name for failure messages.
        var description: String {
            switch self {
            case .allAtOnce: "all at once"
            case .oneByte: "one byte at a time"
            case .random(let seed, let maxChunk): "random chunks ≤ \(maxChunk) (seed \(seed))"
            }
        }
    }

    /// The chunkings every decoder is checked with.
    static let chunkings: [Chunking] = [
        .allAtOnce, .oneByte, .random(seed: 1, maxChunk: 3), .random(seed: 2, maxChunk: 17),
        .random(seed: 3, maxChunk: 64),
    ]

    /// Feeds `bytes` to `decoder` cut as `chunking` says; returns all events in order.
    static func events(_ decoder: any FrameDecoder, _ bytes: [UInt8], chunking: Chunking) -> [DeviceEvent] {
        var decoder = decoder
        switch chunking {
        case .allAtOnce:
            return decoder.feed(bytes)
        case .oneByte:
            return bytes.flatMap { decoder.feed([$0]) }
        case .random(let seed, let maxChunk):
            var random = TestRandom(seed: seed)
            var events: [DeviceEvent] = []
            var index = 0
            while index < bytes.count {
                let size = Int.random(in: 1...maxChunk, using: &random)
                events += decoder.feed(Array(bytes[index..<min(bytes.count, index + size)]))
                index += size
            }
            return events
        }
    }

    /// Frames with junk after every `every`-th frame (junk chosen round-robin; a junk entry may depend on
    /// the next frame, to build half frames).
    static func interleave(
        frames: [[UInt8]], junk: [@Sendable (_ nextFrame: [UInt8]) -> [UInt8]], every: Int = 2
    ) -> (bytes: [UInt8], junkCount: Int) {
        var bytes: [UInt8] = []
        var inserted = 0
        for (index, frame) in frames.enumerated() {
            if index > 0, index % every == 0, !junk.isEmpty {
                bytes += junk[inserted % junk.count](frame)
                inserted += 1
            }
            bytes += frame
        }
        return (bytes, inserted)
    }
}

/// SplitMix64 for test randomness (seeded, identical on every platform).
struct TestRandom: RandomNumberGenerator {
    /// State.
    private var state: UInt64
    /// Creates a generator.
    init(seed: UInt64) { state = seed }
    /// The next 64 bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Test conveniences.
extension DeviceEvent {
    /// Whether this is a frame error.
    var isError: Bool {
        if case .frameError = self { return true }
        return false
    }

    /// The event without what stability rules may change after noise: weight → grams and flags only.
    var payload: String {
        switch self {
        case .weight(let reading):
            "w \(reading.grams) net=\(String(describing: reading.net)) ol=\(reading.overload) ul=\(reading.underload)"
        case .barcode(let read): "b \(read.symbology ?? "") \(read.data)"
        case .tag(let tag): "t \(tag.technology.rawValue) \(tag.id)"
        case .frameError(let error): "e \(error.reason)"
        }
    }
}
