import Foundation
import Synchronization

/// Decides, request by request and item by item, which configured fault happens. One seeded sequence for the
/// whole platform: requests sent one after another see the same faults on every run with the same seed.
final class FaultInjector: Sendable {
    /// What happens to one API request before and after it is handled.
    struct RequestPlan: Sendable, Hashable {
        /// What to do instead of handling the request.
        var before: Before
        /// Reset the connection after the request was handled (and its trades stored).
        var dropAnswer: Bool
        /// Delay before handling.
        var latencyMilliseconds: Int
    }

    /// A fault that replaces the request's handling. Nothing is stored.
    enum Before: Sendable, Hashable {
        /// Handle the request normally.
        case proceed
        /// Close the connection with a TCP reset.
        case reset
        /// 500.
        case serverError
        /// 429 with Retry-After.
        case rateLimited(retryAfterSeconds: Int)
        /// 503 with Retry-After.
        case unavailable(retryAfterSeconds: Int)
    }

    /// A fault for one item that the platform does not hold yet.
    enum ItemPlan: Sendable, Hashable {
        /// Store it.
        case store
        /// Refuse it for good with this reason.
        case reject(String)
        /// Do not store it; ask for a resend.
        case retry(String)
    }

    private struct State: Sendable {
        var settings: FaultSettings
        var random: SeededRandom
        var rejected: Set<String>
        var downUntil: Date?
    }

    private let state: Mutex<State>

    /// Starts with `settings`.
    init(_ settings: FaultSettings) {
        state = Mutex(
            State(settings: settings, random: SeededRandom(seed: settings.seed), rejected: [], downUntil: nil))
        apply(settings)
    }

    /// Replaces the settings, restarts the random sequence from their seed, and starts the down period if any.
    func apply(_ settings: FaultSettings, now: Date = Date()) {
        state.withLock { state in
            state.settings = settings
            state.random = SeededRandom(seed: settings.seed)
            state.rejected = Set(settings.rejectTraceCodes)
            state.downUntil = settings.downForSeconds > 0 ? now.addingTimeInterval(settings.downForSeconds) : nil
        }
    }

    /// The settings in force.
    var settings: FaultSettings { state.withLock { $0.settings } }

    /// Seconds the platform stays down from `now` (0 when up).
    func downRemaining(now: Date = Date()) -> Double {
        guard let until = state.withLock({ $0.downUntil }) else { return 0 }
        return max(0, until.timeIntervalSince(now))
    }

    /// Whether the platform is down now.
    func isDown(now: Date = Date()) -> Bool { downRemaining(now: now) > 0 }

    /// Draws the faults of one request. Always draws five values, so turning one fault on or off does not shift
    /// which requests the others hit.
    func planRequest() -> RequestPlan {
        state.withLock { state in
            let s = state.settings
            let reset = state.random.happens(s.resetRate)
            let error = state.random.happens(s.errorRate)
            let limited = state.random.happens(s.rateLimitRate)
            let unavailable = state.random.happens(s.unavailableRate)
            let drop = state.random.happens(s.dropAfterStoreRate)
            let before: Before
            if reset {
                before = .reset
            } else if error {
                before = .serverError
            } else if limited {
                before = .rateLimited(retryAfterSeconds: s.retryAfterSeconds)
            } else if unavailable {
                before = .unavailable(retryAfterSeconds: s.retryAfterSeconds)
            } else {
                before = .proceed
            }
            return RequestPlan(before: before, dropAnswer: drop, latencyMilliseconds: s.latencyMilliseconds)
        }
    }

    /// Plans each item of a request, in order (one draw per item).
    func planItems(_ traceCodes: [String]) -> [ItemPlan] {
        state.withLock { state in
            let s = state.settings
            return traceCodes.map { code in
                let retry = state.random.happens(s.partialRate)
                if !state.rejected.isEmpty, state.rejected.contains(code) {
                    return .reject("trace code \(code) is on the platform's reject list")
                }
                if s.rejectMalformedTraceCodes && !Self.isMOFCOMTraceCode(code) {
                    return .reject("trace code '\(code)' is not 20 digits (13-digit operator code + 7-digit serial)")
                }
                return retry ? .retry("platform busy; send this trade again later") : .store
            }
        }
    }

    /// Turns every `store` after a `retry` of the same station into a `retry`, so a partially accepted batch never
    /// stores a station's later trade before its earlier one: the platform's arrival order per station stays the
    /// gateway's commit order (the gateway resends the retried trades, oldest first). Rejected items are never
    /// stored, so they do not hold later ones back.
    static func keepingStationOrder(_ plans: [ItemPlan], stations: [String]) -> [ItemPlan] {
        guard plans.contains(where: { if case .retry = $0 { true } else { false } }) else { return plans }
        var heldBack: Set<String> = []
        return zip(plans, stations).map { plan, station in
            switch plan {
            case .retry:
                heldBack.insert(station)
                return plan
            case .store where heldBack.contains(station):
                return .retry("an earlier trade of station \(station) in this batch was not stored; send both again")
            case .store, .reject:
                return plan
            }
        }
    }

    /// 20 ASCII digits (domain.md §1.2).
    static func isMOFCOMTraceCode(_ code: String) -> Bool {
        code.utf8.count == 20 && code.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
