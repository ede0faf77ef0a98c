import Logging
import Synchronization

/// Notices devices arriving and leaving without a restart, and tells whoever waits for one.
///
/// Two inputs, because neither alone is enough (testing.md, devices.md §5): hotplug sources (the
/// kernel's netlink uevents in production; an injected stream in tests), and a periodic sysfs rescan
/// that turns differences into synthetic add/remove events — where netlink is unavailable (some
/// containers) or drops a burst, no event would ever arrive otherwise.
///
/// Supervisors waiting for an absent device call `waitForArrival()` alongside their backoff sleep,
/// so a plugged-in scale is opened at once instead of after up to 30 s of backoff. `subscribe()`
/// streams every event (for `tracegate devices watch`).
public final class DeviceEventMonitor: Sendable {
    /// Where events come from.
    private let sources: [any HotplugEventSource]
    /// The tree the rescan reads.
    public let sysfs: SysfsTree
    /// Time between rescans; nil turns the rescan off (tests driving only an injected source).
    public let rescanInterval: Duration?
    /// Logs source failures.
    private let logger: Logger
    /// Subscribers and the last rescan's ports.
    private let state = Mutex(State())

    /// Subscribers by id, and what the last scan found.
    private struct State {
        /// Live subscriptions.
        var subscribers: [UInt64: AsyncStream<HotplugEvent>.Continuation] = [:]
        /// Last id handed out.
        var lastID: UInt64 = 0
        /// Ports by sysfs path, from the last rescan; nil before the first.
        var knownPorts: [String: DetectedSerialPort]?
        /// Events delivered so far (for status pages and tests).
        var delivered: Int64 = 0
    }

    /// Creates a monitor; nothing happens until `run()`.
    public init(
        sources: [any HotplugEventSource] = [NetlinkUeventSource()], sysfs: SysfsTree = SysfsTree(),
        rescanInterval: Duration? = .seconds(2), logger: Logger = Logger(label: "tracegate.hotplug")
    ) {
        self.sources = sources
        self.sysfs = sysfs
        self.rescanInterval = rescanInterval
        self.logger = logger
    }

    /// Runs the sources and the rescan until the task is cancelled. A source that cannot run is logged
    /// once and left out; the rescan keeps going.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for source in sources {
                group.addTask { [self] in
                    do {
                        try await source.run { event in self.publish(event) }
                    } catch {
                        logger.warning("hotplug source \(source.name) unavailable: \(error)")
                    }
                }
            }
            if let rescanInterval {
                group.addTask { [self] in
                    while !Task.isCancelled {
                        rescan()
                        do { try await Task.sleep(for: rescanInterval) } catch { return }
                    }
                }
            }
            await group.waitForAll()
        }
        let subscribers = state.withLock { state in
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    /// Compares sysfs with the last scan and publishes an add or remove for every port that came or went.
    /// The first scan only records what is there.
    public func rescan() {
        let ports = Dictionary(sysfs.serialPorts().map { ($0.sysfsPath, $0) }, uniquingKeysWith: { first, _ in first })
        let previous = state.withLock { state in
            defer { state.knownPorts = ports }
            return state.knownPorts
        }
        guard let previous else { return }
        for (path, port) in ports where previous[path] == nil {
            publish(HotplugEvent(action: .add, devicePath: path, subsystem: "tty", deviceNode: port.devicePath))
        }
        for (path, port) in previous where ports[path] == nil {
            publish(HotplugEvent(action: .remove, devicePath: path, subsystem: "tty", deviceNode: port.devicePath))
        }
    }

    /// Hands `event` to every subscriber (sources call this; tests may too).
    public func publish(_ event: HotplugEvent) {
        let subscribers = state.withLock { state in
            state.delivered += 1
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.yield(event) }
    }

    /// Every event from now on. The stream ends when `run()` returns or the consumer stops iterating.
    /// It keeps the newest 256 events if the consumer falls behind.
    public func subscribe() -> AsyncStream<HotplugEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: HotplugEvent.self, bufferingPolicy: .bufferingNewest(256))
        let id = state.withLock { state in
            state.lastID += 1
            state.subscribers[state.lastID] = continuation
            return state.lastID
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Returns at the next arrival ("add", "bind" or "move") of a device in `subsystems`, or when the task
    /// is cancelled. Events that happened before the call are not seen.
    public func waitForArrival(subsystems: Set<String> = ["tty", "usb", "usb-serial"]) async {
        for await event in subscribe() {
            guard subsystems.contains(event.subsystem) else { continue }
            switch event.action {
            case .add, .bind, .move: return
            default: continue
            }
        }
    }

    /// Events published so far.
    public var deliveredCount: Int64 { state.withLock { $0.delivered } }

    /// Live subscriptions (for tests: a waiter is registered once this rises).
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}
