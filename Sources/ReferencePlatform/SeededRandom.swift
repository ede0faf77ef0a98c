/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast generator whose whole state is one seed, so a test that
/// sets `seed` sees the same faults in the same order every run.
struct SeededRandom: Sendable {
    private var state: UInt64

    /// Starts the sequence of `seed`.
    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1) with 53 bits of precision.
    mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    /// Whether an event of probability `rate` happens. Always draws, so the sequence does not depend on rates.
    mutating func happens(_ rate: Double) -> Bool { unit() < rate }
}
