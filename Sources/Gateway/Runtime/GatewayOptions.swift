import Delivery
import DeviceIO
import TraceModel
import Uplink
import UplinkHTTP

/// What the daemon, the demo, tests and benchmarks vary when they build the same gateway.
public struct GatewayOptions: Sendable {
    /// The wall clock trades are stamped with.
    public var clock: any WallClock = SystemWallClock()
    /// Listen on this port instead of the configured one (0: any free port; tests, demo).
    public var apiPortOverride: Int?
    /// Keep every commit latency for benchmarks.
    public var recordLatencies = false
    /// Stop gracefully on SIGTERM and SIGINT (off for in-process tests).
    public var handleSignals = true
    /// Simulators for the devices marked `simulate: true` (nil: such a device is refused at start; the daemon
    /// reads only real devices, the demo and benchmarks hand in `SimulatedStalls`).
    public var deviceSimulation: (any DeviceSimulation)?

    /// Opens evdev and USB HID devices (by default the real `EvdevTransport` and libusb); tests hand in a pipe
    /// carrying input events or a stand-in HID transport.
    public var deviceOpeners = DeviceOpeners()
    /// Builds the transport for one `uplink.platforms[]` entry: HTTP(S) to the configured platform by default;
    /// tests hand in an in-memory one.
    public var makeUplinkTransport: @Sendable (UplinkPlatformSettings, UplinkNode) throws -> any UplinkTransport = {
        settings, node in try HTTPUplinkTransport(settings: HTTPUplinkSettings(settings), node: node)
    }
    /// Builds the master data source for the platform the downlink uses (`master_data: true`): an HTTP client
    /// with its own connection pool by default; tests hand in a stand-in.
    public var makeMasterDataSource: @Sendable (UplinkPlatformSettings, UplinkNode) throws -> any MasterDataSource = {
        settings, node in try MasterDataClient(settings: HTTPUplinkSettings(settings), nodeCode: node.code)
    }
    /// Clock, sleep and randomness of the delivery services (tests inject instant sleeps and seeded jitter).
    public var deliveryEnvironment: DeliveryEnvironment = .live
    /// How often retention pruning runs (it also runs once at start).
    public var retentionInterval: Duration = .seconds(3600)

    /// Defaults for the daemon.
    public init() {}
}
