import TraceModel

/// The platter over time: empty, an item placed and wobbling, settled, lifted, again. Pure and
/// tick-driven, so the same seed and tick count always give the same readings.
struct WeighingCycle: Sendable, Hashable {
    /// What is on the platter.
    enum Phase: Sendable, Hashable {
        /// Nothing; reads 0, stable.
        case empty
        /// An item was just placed; the reading wobbles around its weight.
        case settling
        /// The item's weight, stable.
        case settled
    }

    /// Behaviour.
    let settings: ScaleSimulationSettings
    /// Current phase.
    private(set) var phase: Phase = .empty
    /// Simulation time.
    private(set) var nowMilliseconds = 0
    /// When the current phase ends.
    private var phaseEndsAtMilliseconds: Int
    /// Every item placed so far.
    private(set) var items: [SimulatedItem] = []
    /// The reading now.
    private(set) var reading = WeightReading(grams: 0, stable: true)

    /// Starts with an empty platter.
    init(settings: ScaleSimulationSettings, random: inout SeededGenerator) {
        self.settings = settings
        self.phaseEndsAtMilliseconds = Int.random(in: settings.emptyMilliseconds, using: &random)
    }

    /// Advances by one frame interval and updates the reading.
    mutating func tick(random: inout SeededGenerator) {
        nowMilliseconds += settings.frameIntervalMilliseconds
        if nowMilliseconds >= phaseEndsAtMilliseconds { advancePhase(random: &random) }
        switch phase {
        case .empty:
            reading = WeightReading(grams: 0, stable: true)
        case .settled:
            reading = WeightReading(grams: items[items.count - 1].grams, stable: true)
        case .settling:
            let target = items[items.count - 1].grams
            let left = Double(phaseEndsAtMilliseconds - nowMilliseconds)
            let total = Double(max(1, phaseEndsAtMilliseconds - items[items.count - 1].placedAtMilliseconds))
            // The swing shrinks as the load settles; it never repeats the previous value or hits the
            // target, so no decoder can see "identical frames" (stability) before the item settles.
            let amplitude = max(settings.gramsStep * 2, Int64(Double(target) * 0.08 * left / total))
            var grams = reading.grams
            while grams == reading.grams || grams == target {
                grams = target + Int64.random(in: -amplitude...amplitude, using: &random)
            }
            reading = WeightReading(grams: max(grams, settings.gramsStep), stable: false)
            if reading.grams == target { reading.grams = target + settings.gramsStep }
        }
    }

    /// Moves to the next phase.
    private mutating func advancePhase(random: inout SeededGenerator) {
        switch phase {
        case .empty:
            let steps = Int64.random(
                in: (settings.itemGrams.lowerBound / settings.gramsStep)...(settings.itemGrams.upperBound
                    / settings.gramsStep),
                using: &random)
            let settle = Int.random(in: settings.settlingMilliseconds, using: &random)
            items.append(
                SimulatedItem(
                    grams: max(1, steps) * settings.gramsStep, placedAtMilliseconds: nowMilliseconds,
                    settledAtMilliseconds: nowMilliseconds + settle))
            phase = .settling
            phaseEndsAtMilliseconds = nowMilliseconds + settle
        case .settling:
            items[items.count - 1].settledAtMilliseconds = nowMilliseconds
            phase = .settled
            phaseEndsAtMilliseconds = nowMilliseconds + Int.random(in: settings.stableMilliseconds, using: &random)
        case .settled:
            items[items.count - 1].liftedAtMilliseconds = nowMilliseconds
            phase = .empty
            phaseEndsAtMilliseconds = nowMilliseconds + Int.random(in: settings.emptyMilliseconds, using: &random)
        }
    }
}
