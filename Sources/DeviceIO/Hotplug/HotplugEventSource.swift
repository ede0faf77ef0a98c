/// Something that announces devices arriving and leaving: the kernel's netlink socket in production,
/// a hand-fed stream in tests.
public protocol HotplugEventSource: Sendable {
    /// A short name for logs ("netlink", "test").
    var name: String { get }

    /// Delivers events, in order, until the task is cancelled (then returns). Throws when the source
    /// cannot run at all (e.g. netlink is not available in this container); the monitor then relies
    /// on its periodic rescan.
    func run(deliver: @escaping @Sendable (HotplugEvent) async -> Void) async throws
}
