import TraceModel

/// How a simulated scale of some protocol produces traffic: by itself, or only when asked.
public enum ScaleWireEncoder: Sendable {
    /// The scale sends a frame for each reading by itself (XK3190, A&D).
    case continuous(any WeightFrameEncoder)
    /// The scale answers requests (MT-SICS, Toledo 8217).
    case polled(any PolledScaleResponder)
}
