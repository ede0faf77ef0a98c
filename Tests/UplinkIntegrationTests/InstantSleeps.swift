import Delivery
import Foundation
import Synchronization

/// Backoff sleeps that return at once (HTTP stays real) and remember how long they were asked to be.
final class InstantSleeps: Sendable {
    /// Durations requested so far.
    private let durations = Mutex<[Duration]>([])

    /// All requested durations.
    var all: [Duration] { durations.withLock { $0 } }

    /// Their sum: the simulated time the service spent waiting.
    var total: Duration { all.reduce(.zero, +) }

    /// An environment whose clock is `now`, whose sleeps are instant and whose jitter is seeded.
    func environment(seed: UInt64, now: @escaping @Sendable () -> Date = { Date() }) -> DeliveryEnvironment {
        DeliveryEnvironment(
            now: now,
            sleep: { [self] duration in
                self.durations.withLock { $0.append(duration) }
                // Yield a little real time so a tight failure loop does not starve the platform's threads.
                try await Task.sleep(for: .microseconds(200))
            },
            makeRandom: { SplitMix64(seed: seed) })
    }
}

/// SplitMix64: a small seeded generator, so jitter repeats exactly.
struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The state.
    private var state: UInt64

    /// Starts at `seed`.
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
