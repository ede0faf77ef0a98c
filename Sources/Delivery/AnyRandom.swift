/// A random source held as an existential, usable where a concrete generator type is required.
struct AnyRandom: RandomNumberGenerator {
    /// The wrapped generator.
    var base: any RandomNumberGenerator

    /// Wraps `base`.
    init(_ base: any RandomNumberGenerator) { self.base = base }

    /// The next 64 random bits.
    mutating func next() -> UInt64 { base.next() }
}
