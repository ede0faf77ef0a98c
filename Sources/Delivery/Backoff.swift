/// Retry delays: exponential backoff with full jitter, and Retry-After (AWS Architecture Blog, "Exponential
/// Backoff And Jitter": full jitter spreads many gateways coming back after an outage best).
public enum Backoff {
    /// `random(0, min(cap, initial · 2^attempt))`; `attempt` counts consecutive failures from 0.
    public static func fullJitter(
        attempt: Int, initial: Duration, cap: Duration, using random: inout some RandomNumberGenerator
    ) -> Duration {
        let ceiling = ceilingMilliseconds(attempt: attempt, initial: initial, cap: cap)
        return .milliseconds(ceiling == 0 ? 0 : Int64.random(in: 0...ceiling, using: &random))
    }

    /// The delay after a failure: full jitter, but never shorter than the platform's Retry-After, and never
    /// longer than `cap` (a platform asking for a day is retried after `cap`).
    public static func delay(
        attempt: Int, retryAfterSeconds: Int?, initial: Duration, cap: Duration,
        using random: inout some RandomNumberGenerator
    ) -> Duration {
        let jitter = fullJitter(attempt: attempt, initial: initial, cap: cap, using: &random)
        guard let retryAfterSeconds else { return jitter }
        return min(cap, max(jitter, .seconds(max(0, retryAfterSeconds))))
    }

    /// `min(cap, initial · 2^attempt)` in milliseconds, without overflow.
    static func ceilingMilliseconds(attempt: Int, initial: Duration, cap: Duration) -> Int64 {
        let capMs = milliseconds(cap)
        var ceiling = max(0, milliseconds(initial))
        for _ in 0..<max(0, attempt) {
            if ceiling >= capMs { break }
            ceiling *= 2
        }
        return min(capMs, ceiling)
    }

    /// Whole milliseconds of a duration.
    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
