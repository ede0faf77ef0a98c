import Foundation
import Simulators

/// The random source of a randomised end-to-end test: a seed that every run prints, so a failure can be replayed.
///
/// The seed is `TRACEGATE_TEST_SEED` when set (to replay a failure), otherwise a new one each run (so kills land at
/// different moments from run to run). It is printed to standard error before the test uses it and is part of
/// `description`, which the tests add to their failure messages.
struct TestSeed: RandomNumberGenerator, CustomStringConvertible {
    /// The seed this run uses.
    let seed: UInt64
    /// The simulators' seeded generator (SplitMix64).
    private var generator: SeededGenerator

    /// A seed for the named test, printed with the way to replay it.
    init(_ test: String) {
        let given = ProcessInfo.processInfo.environment["TRACEGATE_TEST_SEED"].flatMap { UInt64($0) }
        seed = given ?? UInt64.random(in: 1...UInt64(UInt32.max))
        generator = SeededGenerator(seed: seed)
        FileHandle.standardError.write(
            Data("\(test): random seed \(seed) (replay with TRACEGATE_TEST_SEED=\(seed))\n".utf8))
    }

    /// "seed N": for failure messages.
    var description: String { "seed \(seed), replay with TRACEGATE_TEST_SEED=\(seed)" }

    /// The next number of the seeded sequence.
    mutating func next() -> UInt64 { generator.next() }
}
