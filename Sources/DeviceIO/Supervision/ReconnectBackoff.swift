/// How long to wait before reopening a device: exponential with a cap and jitter.
///
/// Jitter keeps fifty stalls' scales, all dropped by one power blip, from hammering the USB hub in step.
public struct ReconnectBackoff: Sendable, Hashable {
    /// Delay before the first retry. Default 0.5 s.
    public var initial: Duration
    /// Factor between consecutive delays. Default 2.
    public var multiplier: Double
    /// Longest delay. Default 30 s.
    public var maximum: Duration
    /// Fraction of each delay that is randomised (0 … 1): a delay d becomes a value in [d·(1−jitter), d]. Default 0.2.
    public var jitter: Double

    /// Creates backoff settings.
    public init(
        initial: Duration = .milliseconds(500), multiplier: Double = 2, maximum: Duration = .seconds(30),
        jitter: Double = 0.2
    ) {
        self.initial = initial
        self.multiplier = multiplier
        self.maximum = maximum
        self.jitter = jitter
    }

    /// The delay before retry number `attempt` (0 for the first), before jitter.
    public func baseDelay(attempt: Int) -> Duration {
        var delay = initial
        for _ in 0..<max(0, attempt) {
            delay = delay * multiplier
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }

    /// The jittered delay before retry number `attempt`; `unit` is a random value in [0, 1).
    public func delay(attempt: Int, unit: Double = Double.random(in: 0..<1)) -> Duration {
        let base = baseDelay(attempt: attempt)
        let fraction = min(max(jitter, 0), 1)
        return base * (1 - fraction * min(max(unit, 0), 1))
    }

    /// Checks the values; the error names the key.
    func validate(path: String) throws(DeviceError) {
        guard initial > .zero, maximum >= initial, multiplier >= 1, (0...1).contains(jitter) else {
            throw .invalidSetting(
                path: path,
                "backoff for \(path) needs initial > 0, maximum ≥ initial, multiplier ≥ 1 and jitter in 0…1")
        }
    }
}
