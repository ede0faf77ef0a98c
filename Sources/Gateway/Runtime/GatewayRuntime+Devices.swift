import DeviceIO
import DeviceProtocols
import Foundation
import Logging
import Simulators
import TraceModel
import TradeLogic

/// The gateway could not be built from a configuration that is valid on paper (e.g. a simulator
/// that cannot simulate the configured protocol). Says what to change.
public struct GatewayStartError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String
    /// Creates the error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

extension GatewayRuntime {
    /// A serial supervisor for `device` that routes weights and scans to its station, and tags to it when
    /// the station uses the device as its card reader (`cardReader`).
    static func makeSupervisor(
        device: DeviceSettings, path: String, station: StationService?, cardReader: Bool = false,
        events: @escaping GatewayEventSink, arrivals: DeviceEventMonitor? = nil, feed: DeviceActivityFeed? = nil
    ) throws -> SerialDeviceSupervisor {
        let serial = SerialSettings(
            path: path, baud: device.baud, dataBits: device.dataBits,
            parity: SerialSettings.Parity(rawValue: device.parity) ?? .none, stopBits: device.stopBits,
            flowControl: SerialSettings.FlowControl(rawValue: device.flowControl) ?? .none,
            driver: SerialSettings.Driver(rawValue: device.driver) ?? .auto)
        // An idle scanner is normal; an idle scale (continuous or polled) is a fault worth a reopen.
        let silence: Duration? =
            device.silenceTimeoutMilliseconds.map { .milliseconds($0) }
            ?? (device.kind == .scale ? .seconds(5) : nil)
        let options = device.decoderOptions
        let protocolName = device.protocolName
        // Validated with the configuration; a failure here is a programming error worth a clear message.
        do {
            _ = try ProtocolCatalog.makeDecoder(named: protocolName, options: options)
        } catch {
            throw GatewayStartError("device \(device.id): \(error)")
        }
        var configuration = SerialDeviceConfiguration(
            id: device.id, settings: serial, pollCommand: options.pollCommand,
            pollInterval: .milliseconds(device.pollIntervalMilliseconds), silenceTimeout: silence)
        // A simulated device's path is its pseudo-terminal; only real devices are looked up by USB ids.
        if !device.simulate, let adapter = device.serialAdapter { configuration.identity = .usb(adapter) }
        return SerialDeviceSupervisor(
            configuration: configuration, logger: Logger(label: "tracegate.device"), arrivals: arrivals,
            makeDecoder: { (try? ProtocolCatalog.makeDecoder(named: protocolName, options: options)) ?? NullDecoder() },
            sink: deviceSink(
                id: device.id, route: DeviceEventRoute(device: device, station: station, routesCards: cardReader),
                events: events, feed: feed))
    }

    /// Where a supervisor's updates go, whatever its transport: all to `devices watch` (`feed`), decoded events
    /// to the station (`route`), state changes to the gateway's events; byte counts stay with the supervisor.
    static func deviceSink(
        id: String, route: DeviceEventRoute, events: @escaping GatewayEventSink, feed: DeviceActivityFeed?
    ) -> @Sendable (SerialDeviceUpdate) async -> Void {
        { update in
            feed?.publish(device: id, update: update)
            switch update {
            case .event(let event): route.deliver(event)
            case .bytes: break  // counted by the supervisor
            case .state(let state): events(.deviceState(device: id, state: state.description))
            }
        }
    }

    /// A simulated stall for a simulated scale (and its simulated scanner, if any).
    static func makeSimulator(scale: DeviceSettings, scanner: DeviceSettings?, seed: UInt64, options: GatewayOptions)
        throws -> PseudoTerminalStall
    {
        var settings = ScaleSimulationSettings()
        if let noise = options.simulationNoise { settings.noiseProbability = noise }
        do {
            let scaleSimulation = try ScaleSimulation(
                protocolName: scale.protocolName, options: scale.decoderOptions, settings: settings, seed: seed)
            let terminator = (try? BarcodeTerminator(option: scanner?.terminator ?? "cr")) ?? .cr
            let stall = StallSimulation(
                scale: scaleSimulation, scanner: ScannerSimulation(terminator: terminator, seed: seed &+ 1))
            let links = options.simulationLinkDirectory
            return try PseudoTerminalStall(
                simulation: stall, scaleLink: links.map { "\($0)/\(scale.id)" },
                scannerLink: scanner.flatMap { device in links.map { "\($0)/\(device.id)" } },
                withScanner: scanner != nil)
        } catch {
            throw GatewayStartError("cannot simulate device \(scale.id) (\(scale.protocolName)): \(error)")
        }
    }
}

/// Decodes nothing; stands in only if a validated protocol unexpectedly fails to build.
struct NullDecoder: FrameDecoder {
    /// Ignores the bytes.
    mutating func feed(_ bytes: [UInt8]) -> [DeviceEvent] { [] }
}
