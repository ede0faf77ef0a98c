import Foundation

/// The random source of a randomised end-to-end test: a seed that every run prints, so a failure can be replayed.
///
/// The seed is `TRACEGATE_TEST_SEED` when set (to replay a failure), otherwise a new one each run (so kills land at
/// different moments from run to run). It is printed to standard error before the test uses it and is part of
/// `description`, which the tests add to their failure messages.
struct TestSeed: RandomNumberGenerator, CustomStringConvertible {
    /// The seed this run uses.
    let seed: UInt64
    /// SplitMix64 state.
    private var state: UInt64

    /// A seed for the named test, printed with the way to replay it.
    init(_ test: String) {
        let given = ProcessInfo.processInfo.environment["TRACEGATE_TEST_SEED"].flatMap { UInt64($0) }
        seed = given ?? UInt64.random(in: 1...UInt64(UInt32.max))
        state = seed
        FileHandle.standardError.write(
            Data("\(test): random seed \(seed) (replay with TRACEGATE_TEST_SEED=\(seed))\n".utf8))
    }

    /// "seed N": for failure messages.
    var description: String { "seed \(seed), replay with TRACEGATE_TEST_SEED=\(seed)" }

    /// SplitMix64 (Steele, Lea, Flood 2014).
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
