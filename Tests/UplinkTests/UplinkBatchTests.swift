import Testing

@testable import Uplink

/// Placeholder.
@Test func placeholder() {}
