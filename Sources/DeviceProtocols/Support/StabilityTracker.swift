import TraceModel

/// Decides stability for frames that carry no status: a reading is stable once the same reading has
/// arrived `requiredFrames` times in a row (XK3190 tF0 and "=", A12, generic lines without a stable group).
struct StabilityTracker: Sendable, Hashable {
    /// The previous reading, compared without its `stable` flag.
    private var previous: WeightReading?
    /// How many identical readings in a row ended with `previous`.
    private var run = 0

    /// Returns `reading` with `stable` set by the run rule (stable from the `requiredFrames`th identical
    /// reading on, at least the first); overload and underload are never stable.
    mutating func judge(_ reading: WeightReading, requiredFrames: Int) -> WeightReading {
        let requiredFrames = max(1, requiredFrames)
        var key = reading
        key.stable = false
        if key == previous {
            run = min(run + 1, requiredFrames)
        } else {
            previous = key
            run = 1
        }
        key.stable = run >= requiredFrames && !reading.overload && !reading.underload
        return key
    }

    /// Judges the readings among `events` in order; any other event (a frame error) restarts the run, so
    /// a decoder gets its stability by passing everything it decoded through here.
    mutating func judge(_ events: [DeviceEvent], requiredFrames: Int) -> [DeviceEvent] {
        events.map { event in
            guard case .weight(let reading) = event else {
                reset()
                return event
            }
            return .weight(judge(reading, requiredFrames: requiredFrames))
        }
    }

    /// Forgets the run (after a frame error the next frame starts a new run).
    mutating func reset() {
        previous = nil
        run = 0
    }
}
