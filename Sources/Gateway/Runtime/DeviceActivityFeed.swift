import DeviceIO
import Foundation
import ServiceLifecycle
import Synchronization
import TraceModel

/// Live device activity for `GET /devices/events` and `tracegate devices watch`: readings, state changes
/// and hotplug events, fanned out to every subscriber. It also remembers each device's last reading for
/// `GET /devices`.
///
/// Publishing never waits: a subscriber that falls behind loses the oldest lines (a watch is a view,
/// not a record; the ledger is the record), so a slow `watch` can never slow a station.
public final class DeviceActivityFeed: Sendable {
    /// Subscribers and last readings.
    private let state = Mutex(State())

    /// What the feed keeps.
    private struct State {
        /// Live subscriptions by id.
        var subscribers: [UInt64: AsyncStream<DeviceActivityJSON>.Continuation] = [:]
        /// Last id handed out.
        var lastID: UInt64 = 0
        /// Last reading per device id, as shown by `tracegate devices`.
        var lastReadings: [String: String] = [:]
        /// Set once the gateway stops; later subscriptions end at once.
        var finished = false
    }

    /// Creates an empty feed.
    public init() {}

    /// Sends `activity` to every subscriber and remembers readings.
    public func publish(_ activity: DeviceActivityJSON) {
        let subscribers = state.withLock { state in
            if let device = activity.device, let reading = activity.readingText {
                state.lastReadings[device] = reading
            }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.yield(activity) }
    }

    /// Publishes a supervisor update of `device` (raw bytes are not published).
    public func publish(device: String, update: DeviceUpdate, at date: Date = Date()) {
        if case .bytes = update { return }
        let fields = update.fields
        var line = DeviceActivityJSON(type: fields.type, at: date, device: device)
        line.state = fields.state
        line.reason = fields.reason
        line.grams = fields.grams
        line.stable = fields.stable
        line.data = fields.data
        publish(line)
    }

    /// Publishes a hotplug event.
    public func publish(_ event: HotplugEvent, at date: Date = Date()) {
        var line = DeviceActivityJSON(type: "hotplug", at: date)
        line.action = event.action.description
        line.subsystem = event.subsystem
        line.node = event.deviceNode
        line.sysfs = event.devicePath
        publish(line)
    }

    /// The last reading of `device`, e.g. "1234 g stable".
    public func lastReading(of device: String) -> String? { state.withLock { $0.lastReadings[device] } }

    /// Every activity from now on; ends when the gateway stops. Keeps the newest 1024 if the reader lags.
    public func subscribe() -> AsyncStream<DeviceActivityJSON> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: DeviceActivityJSON.self, bufferingPolicy: .bufferingNewest(1024))
        let id = state.withLock { state -> UInt64? in
            guard !state.finished else { return nil }
            state.lastID += 1
            state.subscribers[state.lastID] = continuation
            return state.lastID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every subscription (graceful shutdown: open `watch` streams must not hold the API open).
    public func finish() {
        let subscribers = state.withLock { state in
            state.finished = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}

/// One line of `GET /devices/events` (NDJSON) and `tracegate devices watch --json`; nil fields are left out.
public struct DeviceActivityJSON: Codable, Sendable, Hashable {
    /// "state", "weight", "barcode", "tag", "frameError" or "hotplug".
    public var type: String
    /// When, UTC.
    public var at: Date
    /// The configured device id (absent for hotplug events).
    public var device: String?
    /// State name, for state lines.
    public var state: String?
    /// Why a device waits or failed, or why a frame was discarded.
    public var reason: String?
    /// Weight in grams.
    public var grams: Int64?
    /// Whether the weight is stable.
    public var stable: Bool?
    /// Barcode data or tag id.
    public var data: String?
    /// Hotplug action (add, remove …).
    public var action: String?
    /// Hotplug subsystem (tty, usb …).
    public var subsystem: String?
    /// Hotplug device node.
    public var node: String?
    /// Hotplug sysfs path.
    public var sysfs: String?

    /// Creates a line.
    public init(type: String, at: Date, device: String? = nil) {
        self.type = type
        self.at = at
        self.device = device
    }

    /// The reading as `tracegate devices` shows it; nil for non-readings.
    public var readingText: String? {
        switch type {
        case "weight": grams.map { "\($0) g\(stable == true ? " stable" : "")" }
        case "barcode": data.map { "barcode \($0)" }
        case "tag": data.map { "tag \($0)" }
        default: nil
        }
    }

    /// One human line for `tracegate devices watch`.
    public var humanLine: String {
        let time = ISO8601DateFormatter().string(from: at)
        switch type {
        case "hotplug":
            return "\(time) hotplug \(action ?? "?") \(subsystem ?? "?") \(node ?? sysfs ?? "")"
        case "state":
            return "\(time) \(device ?? "?") \(state ?? "?")\(reason.map { ": \($0)" } ?? "")"
        case "frameError":
            return "\(time) \(device ?? "?") frame error: \(reason ?? "")"
        default:
            return "\(time) \(device ?? "?") \(readingText ?? type)"
        }
    }
}

/// Ends the feed's subscriptions when the gateway shuts down.
struct DeviceActivityFeedService: Service {
    /// The feed.
    let feed: DeviceActivityFeed

    /// Waits for graceful shutdown, then finishes every stream.
    func run() async throws {
        try? await gracefulShutdown()
        feed.finish()
    }
}

/// The hotplug monitor as a service; its events also go to the feed.
struct DeviceEventMonitorService: Service {
    /// The monitor.
    let monitor: DeviceEventMonitor
    /// Where hotplug events are published.
    let feed: DeviceActivityFeed
    /// Called for every event (the runtime wakes supervisors waiting for a device on arrivals).
    var onEvent: @Sendable (HotplugEvent) -> Void = { _ in }

    /// Runs the monitor and forwards its events until graceful shutdown.
    ///
    /// The monitor ends early when it has nothing to watch — hotplug turned off (`netlink: false`,
    /// `rescan_interval_ms: 0`), or netlink refused (a container) with rescans off. The service then waits for
    /// the shutdown like the others: a service that returns stops the whole gateway.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                let events = monitor.subscribe()
                group.addTask { await monitor.run() }
                group.addTask {
                    for await event in events {
                        feed.publish(event)
                        onEvent(event)
                    }
                }
                await group.waitForAll()
            }
        }
        try? await gracefulShutdown()
    }
}
