import DeviceProtocols
import Logging
import Synchronization
import TraceModel

/// What a supervisor reports the same way for every transport: the status counters behind `GET /devices`, one
/// log line and one sink update per state change (not per retry), and decoded events in order with their
/// counts. A `DeviceLink` gets it in `open` and `serve`.
public final class DeviceSession: Sendable {
    /// The status, read from any thread.
    private let store: Mutex<DeviceStatus>
    /// Where updates go (the station routing, the activity feed).
    private let sink: @Sendable (DeviceUpdate) async -> Void
    /// Log with the device id as metadata.
    public let logger: Logger
    /// Stamps `lastEventAt`.
    private let wallClock: any WallClock

    /// Creates a session starting from `status`.
    init(
        status: DeviceStatus, sink: @escaping @Sendable (DeviceUpdate) async -> Void, logger: Logger,
        wallClock: any WallClock
    ) {
        self.store = Mutex(status)
        self.sink = sink
        self.logger = logger
        self.wallClock = wallClock
    }

    /// The status now.
    public var status: DeviceStatus { store.withLock { $0 } }

    /// Changes the status (a counter, the driver, the resolved path).
    public func update(_ change: (inout DeviceStatus) -> Void) { store.withLock { change(&$0) } }

    /// Counts `bytes`, decodes them and hands everything to the sink in order.
    public func deliver(_ bytes: [UInt8], to decoder: inout any FrameDecoder) async {
        store.withLock { $0.bytesRead += Int64(bytes.count) }
        await sink(.bytes(bytes))
        for event in decoder.feed(bytes) {
            let at = wallClock.now()
            store.withLock { status in
                if case .frameError = event { status.decodeErrors += 1 } else { status.frames += 1 }
                status.lastEventAt = at
            }
            await sink(.event(event))
        }
    }

    /// Records a loss or open failure and reports the waiting state.
    func enterWaiting(_ reason: String) async {
        store.withLock { $0.lastError = reason }
        await setState(.waitingForDevice(reason))
    }

    /// Records a configuration-level failure.
    func fail(_ message: String) async {
        store.withLock { $0.lastError = message }
        await setState(.failed(message))
    }

    /// Sets the state and reports it, once per change (not once per retry).
    func setState(_ state: DeviceState) async {
        let changed = store.withLock { status in
            defer { status.state = state }
            return status.state != state
        }
        guard changed else { return }
        switch state {
        case .failed, .waitingForDevice: logger.warning("\(state)")
        default: logger.info("\(state)")
        }
        await sink(.state(state))
    }
}
