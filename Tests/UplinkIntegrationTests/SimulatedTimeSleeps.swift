import Delivery
import Foundation
import Synchronization
import TraceModel

/// Backoff sleeps measured in simulated time: a sleep ends once the manual clock has moved on by its length.
/// The test drives the clock (one trade a minute), so a simulated day of backoff takes a few real seconds while
/// the number of attempts is what a real day would see.
final class SimulatedTimeSleeps: Sendable {
    /// The clock the test advances.
    let clock: ManualWallClock
    /// Durations requested so far.
    private let durations = Mutex<[Duration]>([])

    /// Sleeps against `clock`.
    init(clock: ManualWallClock) { self.clock = clock }

    /// All requested durations.
    var all: [Duration] { durations.withLock { $0 } }

    /// An environment on the manual clock with seeded jitter.
    func environment(seed: UInt64) -> DeliveryEnvironment {
        DeliveryEnvironment(
            now: { [clock] in clock.now() },
            sleep: { [self] duration in
                self.durations.withLock { $0.append(duration) }
                let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
                let end = self.clock.now().addingTimeInterval(seconds)
                while self.clock.now() < end { try await Task.sleep(for: .milliseconds(1)) }
            },
            makeRandom: { SplitMix64(seed: seed) })
    }
}
