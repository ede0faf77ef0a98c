import Foundation

/// Time and randomness for a delivery service, injected so tests run without real waits and with seeded jitter.
public struct DeliveryEnvironment: Sendable {
    /// The wall clock, for the times stored in the ledger (last attempt, success, error).
    public var now: @Sendable () -> Date
    /// Waits this long (backoff, Retry-After); may throw when cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Makes the random source for jitter (one per service run).
    public var makeRandom: @Sendable () -> any RandomNumberGenerator

    /// Creates an environment.
    public init(
        now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void,
        makeRandom: @escaping @Sendable () -> any RandomNumberGenerator
    ) {
        self.now = now
        self.sleep = sleep
        self.makeRandom = makeRandom
    }

    /// The system clock, real sleeps and the system random source.
    public static var live: DeliveryEnvironment {
        DeliveryEnvironment(
            now: { Date() }, sleep: { try await Task.sleep(for: $0) }, makeRandom: { SystemRandomNumberGenerator() })
    }
}
