/// How a simulated scale behaves over time; the defaults resemble a busy market stall.
public struct ScaleSimulationSettings: Sendable, Hashable {
    /// Time between frames of a continuously sending scale (also the simulation's time step).
    public var frameIntervalMilliseconds: Int
    /// How long the platter stays empty between items.
    public var emptyMilliseconds: ClosedRange<Int>
    /// How long the weight wobbles after an item is placed.
    public var settlingMilliseconds: ClosedRange<Int>
    /// How long a settled item stays on the platter (over 1 s, so a trade can be taken).
    public var stableMilliseconds: ClosedRange<Int>
    /// Weights of the items placed.
    public var itemGrams: ClosedRange<Int64>
    /// Item weights are multiples of this (a market scale's division), so every display shows them exactly.
    public var gramsStep: Int64
    /// Chance per frame (or reply) that noise is sent in front of it: random bytes or a half frame.
    public var noiseProbability: Double

    /// Creates settings; every parameter has a realistic default. Pass `noiseProbability: 0` for clean traffic.
    public init(
        frameIntervalMilliseconds: Int = 100, emptyMilliseconds: ClosedRange<Int> = 1000...2000,
        settlingMilliseconds: ClosedRange<Int> = 500...1500, stableMilliseconds: ClosedRange<Int> = 1500...3000,
        itemGrams: ClosedRange<Int64> = 150...5000, gramsStep: Int64 = 5, noiseProbability: Double = 0.02
    ) {
        self.frameIntervalMilliseconds = frameIntervalMilliseconds
        self.emptyMilliseconds = emptyMilliseconds
        self.settlingMilliseconds = settlingMilliseconds
        self.stableMilliseconds = stableMilliseconds
        self.itemGrams = itemGrams
        self.gramsStep = gramsStep
        self.noiseProbability = noiseProbability
    }
}
