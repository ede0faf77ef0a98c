import Delivery
import DeviceIO
import DeviceProtocols
import Foundation
import Ledger
import Logging
import ServiceLifecycle
import Synchronization
import TraceModel
import TradeLogic

/// The composition root: builds the whole gateway from a validated configuration — ledger, devices
/// (real or simulated), stations, local API — and runs it as one service group. The daemon, the demo,
/// the tests and the benchmarks all build the gateway through `GatewayRuntime.init`.
public final class GatewayRuntime: Sendable {
    /// The configuration it was built from.
    public let configuration: GatewayConfiguration
    /// The ledger (open).
    public let ledger: TradeLedger
    /// Stations in configuration order.
    public let stations: [StationService]
    /// Simulated devices (demo, tests, benchmarks; injected through `GatewayOptions.deviceSimulation`).
    public let simulators: [any DeviceSimulator]
    /// One delivery service per `uplink.platforms[]` entry (empty without uplink).
    public let deliveries: [DeliveryService]
    /// Master data from the first platform with `master_data: true` (nil without one).
    public let downlink: DownlinkService?
    private let devices: [(settings: DeviceSettings, path: String, supervisor: any SupervisedDevice)]
    /// USB HID supervisors by device id, for the zero command.
    let usbSupervisors: [String: USBHIDDeviceSupervisor]
    /// Live readings, state changes and hotplug events for `GET /devices/events`.
    public let deviceActivity: DeviceActivityFeed
    /// Notices devices arriving and leaving; nil when every device is simulated.
    private let hotplugMonitor: DeviceEventMonitor?
    /// Wakes the supervisors of real devices waiting for their device.
    private let arrivalRescans: [@Sendable () -> Void]
    let options: GatewayOptions
    private let events: GatewayEventSink
    private let logger: Logger
    private let group = Mutex<ServiceGroup?>(nil)
    private let stopRequested = Mutex(false)
    private let startedAt: ContinuousClock.Instant

    /// Opens the ledger, creates simulated devices' pseudo-terminals, and wires devices to stations.
    /// Throws `LedgerError` (damaged or unopenable ledger) or `GatewayStartError`.
    public init(
        configuration: GatewayConfiguration, options: GatewayOptions = GatewayOptions(),
        events: @escaping GatewayEventSink = { _ in }, logger: Logger = Logger(label: "tracegate")
    ) throws {
        startedAt = .now
        let deviceActivity = DeviceActivityFeed()
        self.deviceActivity = deviceActivity
        self.configuration = configuration
        self.options = options
        self.events = events
        self.logger = logger
        let template = try TraceCodeTemplate(parsing: configuration.traceCodeTemplate)
        ledger = try TradeLedger(
            configuration: LedgerConfiguration(
                path: configuration.ledger.path, traceCodeTemplate: template,
                maxBytes: configuration.ledger.maxSizeMiB.map { $0 * 1024 * 1024 }),
            clock: options.clock, logger: Logger(label: "tracegate.ledger"))

        // Simulated devices first: their pseudo-terminals are the paths the devices open.
        let simulated: SimulatedDevices
        if configuration.devices.contains(where: \.simulate) {
            guard let simulation = options.deviceSimulation else {
                let ids = configuration.devices.filter(\.simulate).map(\.id).joined(separator: ", ")
                throw GatewayStartError(
                    "device(s) \(ids) are simulated (simulate: true), but tracegate run reads only real devices; "
                        + "set simulate: false and a path, or run the simulated market with `tracegate-tools demo`")
            }
            simulated = try simulation.makeSimulators(for: configuration)
        } else {
            simulated = SimulatedDevices(simulators: [], paths: [:])
        }
        let simulators = simulated.simulators
        let simulatedPaths = simulated.paths
        self.simulators = simulators

        let ledger = self.ledger
        let catalogue = Catalogue(configuration.catalogue)
        let stations = configuration.stations.map { station in
            StationService(
                settings: station.rules,
                interpreter: ScanInterpreter(catalogue: catalogue, commandCodes: station.commandCodes),
                ledger: ledger, events: events, logger: Logger(label: "tracegate.station"),
                recordLatencies: options.recordLatencies)
        }
        self.stations = stations
        var devices: [(DeviceSettings, String, any SupervisedDevice)] = []
        var usbSupervisors: [String: USBHIDDeviceSupervisor] = [:]
        // evdev and libusb supervisors waiting for their device retry at once when anything arrives.
        var arrivalRescans: [@Sendable () -> Void] = []
        let hotplug = configuration.hotplug
        let monitor =
            configuration.devices.contains { !$0.simulate }
            ? DeviceEventMonitor(
                sources: hotplug.netlink ? [NetlinkUeventSource()] : [],
                rescanInterval: hotplug.rescanIntervalMilliseconds.map { .milliseconds($0) },
                logger: Logger(label: "tracegate.hotplug")) : nil
        hotplugMonitor = monitor
        for device in configuration.devices {
            if device.simulate, simulatedPaths[device.id] == nil {
                throw GatewayStartError(
                    "device \(device.id) is simulated but no station uses it as its scale (or the scale's scanner); remove it or set simulate: false"
                )
            }
            let path = simulatedPaths[device.id] ?? device.path
            let owner = configuration.stations.firstIndex {
                $0.scale == device.id || $0.scanner == device.id || $0.cardReader == device.id
            }
            let station = owner.map { stations[$0] }
            let cardReader = owner.map { configuration.stations[$0].cardReader == device.id } ?? false
            let supervisor = try Self.makeSupervisor(
                device: device, path: path, openers: options.deviceOpeners,
                sink: Self.deviceSink(
                    id: device.id,
                    route: DeviceEventRoute(device: device, station: station, routesCards: cardReader),
                    events: events, feed: deviceActivity))
            // Real devices waiting for their node retry at once when anything arrives (the hotplug service).
            if !device.simulate { arrivalRescans.append { supervisor.rescan() } }
            // A USB HID device has no node path: it is shown by its VID:PID match.
            if let usb = supervisor as? USBHIDDeviceSupervisor {
                usbSupervisors[device.id] = usb
                devices.append((device, usb.configuration.match.description, supervisor))
            } else {
                devices.append((device, path, supervisor))
            }
        }
        self.devices = devices
        self.usbSupervisors = usbSupervisors
        self.arrivalRescans = arrivalRescans
        deliveries = try Self.makeDeliveries(configuration: configuration, ledger: ledger, options: options)
        downlink = try Self.makeDownlink(
            configuration: configuration, ledger: ledger, stations: stations, options: options)
    }

    /// Runs until SIGTERM/SIGINT (or `stop()`): stations stop taking trades, queued commits land, the ledger closes.
    public func run() async throws {
        let (started, startedContinuation) = AsyncStream.makeStream(of: Int?.self)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        func add(_ service: some Service, _ name: String) {
            services.append(
                .init(
                    service: service, successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: name))
        }
        add(LedgerService(ledger: ledger), "ledger")
        for (index, stall) in simulators.enumerated() { add(SimulatorService(simulator: stall), "simulator-\(index)") }
        for device in devices {
            add(DeviceService(supervisor: device.supervisor, logger: logger), "device-\(device.settings.id)")
        }
        for station in stations { add(station, "station-\(station.id)") }
        for delivery in deliveries {
            add(DeliveryLifecycleService(delivery: delivery), "delivery-\(delivery.platform)")
        }
        if let downlink { add(DownlinkLifecycleService(downlink: downlink), "downlink") }
        if let uplink = configuration.uplink {
            let retention = RetentionService(
                ledger: ledger, platforms: uplink.platforms.map(\.name), retentionDays: uplink.retentionDays,
                interval: options.retentionInterval, now: options.deliveryEnvironment.now,
                logger: Logger(label: "tracegate.retention"))
            add(retention, "retention")
        }
        if let hotplugMonitor {
            let rescans = arrivalRescans
            add(
                DeviceEventMonitorService(monitor: hotplugMonitor, feed: deviceActivity) { event in
                    guard [.add, .bind, .move].contains(event.action) else { return }
                    for rescan in rescans { rescan() }
                }, "hotplug")
        }
        if configuration.api.enabled {
            var api = LocalAPI(
                stations: stations,
                recentTrades: { [ledger] limit in try ledger.reader.trades(since: nil, limit: limit) },
                lookup: { [ledger] code in try ledger.reader.trade(traceCode: code) },
                devices: { [weak self] in self?.deviceStatuses() ?? [] },
                zero: { [weak self] id in
                    await self?.zeroDevice(id) ?? .notConnected("the gateway is stopping; nothing was sent")
                },
                deviceEvents: { [deviceActivity] in deviceActivity.subscribe() })
            api.uplink = uplinkEndpoints()
            let port = options.apiPortOverride ?? configuration.api.port
            add(
                api.application(host: configuration.api.host, port: port, logger: Logger(label: "tracegate.api")) {
                    boundPort in
                    startedContinuation.yield(boundPort)
                    startedContinuation.finish()
                }, "api")
        } else {
            startedContinuation.yield(nil)
            startedContinuation.finish()
        }
        // After the API: services stop in reverse order, and the API waits for open `devices watch` streams,
        // which end only when the feed finishes.
        add(DeviceActivityFeedService(feed: deviceActivity), "device-activity")
        add(
            ReadinessService(
                started: started, events: events, notifier: SystemdNotifier(), startedAt: startedAt, logger: logger),
            "readiness")
        let serviceGroup = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: options.handleSignals ? [.sigterm, .sigint] : [],
                logger: logger))
        group.withLock { $0 = serviceGroup }
        if stopRequested.withLock({ $0 }) { await serviceGroup.triggerGracefulShutdown() }
        defer { group.withLock { $0 = nil } }
        try await serviceGroup.run()
        for delivery in deliveries { await delivery.closeTransport() }
        await downlink?.closeSource()
        // Stations are stopped; make sure the ledger closed even if its service was cut short.
        try await ledger.close()
    }

    /// Runs like `run()`, and also stops gracefully the first time `stopSignal` yields
    /// (the demo and the benchmarks stop after N trades this way).
    public func run(until stopSignal: AsyncStream<Void>) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await self.run()
                return true
            }
            group.addTask {
                for await _ in stopSignal {
                    await self.stop()
                    break
                }
                return false
            }
            while let runFinished = try await group.next() {
                if runFinished { group.cancelAll() }
            }
        }
    }

    /// Requests a graceful stop (as SIGTERM does).
    public func stop() async {
        stopRequested.withLock { $0 = true }
        if let serviceGroup = group.withLock({ $0 }) { await serviceGroup.triggerGracefulShutdown() }
    }

    /// Every device's state and counters.
    public func deviceStatuses() -> [DeviceStatusJSON] {
        devices.map { device in
            let status = device.supervisor.status
            var json = DeviceStatusJSON(
                id: device.settings.id, protocol: device.settings.protocolName, path: device.path,
                state: status.state.description,
                bytes: UInt64(max(0, status.bytesRead)), frames: UInt64(max(0, status.frames)),
                decode_errors: UInt64(max(0, status.decodeErrors)), reconnects: UInt64(max(0, status.reconnects)),
                last_error: status.lastError)
            json.kind = device.settings.kind.rawValue
            json.identity =
                device.settings.simulate
                ? "simulated"
                : device.settings.transport == .usbHID ? device.path : device.settings.identity.description
            json.resolved_path = status.resolvedPath
            json.last_reading = deviceActivity.lastReading(of: device.settings.id)
            json.last_event_at = status.lastEventAt.map(TradeJSON.rfc3339)
            json.silence_timeouts = UInt64(max(0, status.silenceTimeouts))
            return json
        }
    }

    /// The station with this id.
    public func station(_ id: String) -> StationService? { stations.first { $0.id == id } }
}
