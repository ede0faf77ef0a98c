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
    /// Seed for simulated devices (each stall derives its own from it).
    public var simulationSeed: UInt64 = 20_261_122
    /// Probability of garbage and half frames in simulated scale traffic (nil: the simulator's default).
    public var simulationNoise: Double?
    /// Keep every commit latency for benchmarks.
    public var recordLatencies = false
    /// Stop gracefully on SIGTERM and SIGINT (off for in-process tests).
    public var handleSignals = true
    /// Where simulated stalls put stable symlinks to their pseudo-terminals (nil: none).
    public var simulationLinkDirectory: String?

    /// Opens evdev devices (nil: the real `EvdevTransport`); tests hand in a pipe carrying input events.
    public var inputDeviceOpener:
        (@Sendable (InputDeviceConfiguration) throws(SerialPortError) -> any InputDeviceTransport)?

    /// Opens USB HID devices (nil: libusb through `USBHIDTransport`); tests hand in a stand-in transport.
    public var usbDeviceOpener:
        (@Sendable (USBHIDDeviceConfiguration) throws(USBDeviceError) -> any HIDReportTransport)?
    /// Builds the transport for one `uplink.platforms[]` entry: HTTP(S) to the configured platform by default;
    /// tests hand in an in-memory one.
    public var makeUplinkTransport: @Sendable (UplinkPlatformSettings, UplinkNode) throws -> any UplinkTransport = {
        settings, node in try HTTPUplinkTransport(settings: HTTPUplinkSettings(settings), node: node)
    }
    /// Clock, sleep and randomness of the delivery services (tests inject instant sleeps and seeded jitter).
    public var deliveryEnvironment: DeliveryEnvironment = .live
    /// How often retention pruning runs (it also runs once at start).
    public var retentionInterval: Duration = .seconds(3600)

    /// Defaults for the daemon.
    public init() {}
}
