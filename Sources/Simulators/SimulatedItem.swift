/// One item a simulated scale weighed: what a decoder should report and when.
public struct SimulatedItem: Sendable, Hashable {
    /// The settled weight.
    public var grams: Int64
    /// Simulation time the item was placed (the wobble starts).
    public var placedAtMilliseconds: Int
    /// Simulation time the weight settled at `grams`.
    public var settledAtMilliseconds: Int
    /// Simulation time the item was lifted; nil while it is still on the platter.
    public var liftedAtMilliseconds: Int?

    /// Creates an item record.
    public init(grams: Int64, placedAtMilliseconds: Int, settledAtMilliseconds: Int, liftedAtMilliseconds: Int? = nil) {
        self.grams = grams
        self.placedAtMilliseconds = placedAtMilliseconds
        self.settledAtMilliseconds = settledAtMilliseconds
        self.liftedAtMilliseconds = liftedAtMilliseconds
    }
}
