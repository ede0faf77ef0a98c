import Delivery
import Foundation
import Synchronization
import TraceModel

/// Backoff sleeps measured in simulated time: a sleep ends once the manual clock has moved on by its length.
/// The test drives the clock (one trade a minute, moved on only while the service sleeps, so sends take no
/// simulated time), so a simulated day of backoff takes a few real seconds, the number of attempts is what a real
/// day would see, and it is the same on every run.
final class SimulatedTimeSleeps: Sendable {
    /// The clock the test advances.
    let clock: ManualWallClock
    /// Durations requested so far.
    private let durations = Mutex<[Duration]>([])
    /// Sleeps in progress (their end computed, not reached yet).
    private let sleeping = Mutex(0)

    /// Sleeps against `clock`.
    init(clock: ManualWallClock) { self.clock = clock }

    /// All requested durations.
    var all: [Duration] { durations.withLock { $0 } }

    /// Whether a sleep is in progress, so moving the clock now counts as time the service waited.
    var isSleeping: Bool { sleeping.withLock { $0 > 0 } }

    /// Waits (real time, at most about 10 s) until a sleep is in progress.
    func waitUntilSleeping() async throws {
        for _ in 0..<20_000 where !isSleeping { try await Task.sleep(for: .microseconds(500)) }
    }

    /// An environment on the manual clock with seeded jitter.
    func environment(seed: UInt64) -> DeliveryEnvironment {
        DeliveryEnvironment(
            now: { [clock] in clock.now() },
            sleep: { [self] duration in
                self.durations.withLock { $0.append(duration) }
                let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
                let end = self.clock.now().addingTimeInterval(seconds)
                self.sleeping.withLock { $0 += 1 }
                defer { self.sleeping.withLock { $0 -= 1 } }
                while self.clock.now() < end { try await Task.sleep(for: .milliseconds(1)) }
            },
            makeRandom: { SplitMix64(seed: seed) })
    }
}
