import DeviceIO
import DeviceProtocols
import Foundation
import Logging
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
    /// The supervisor of `device` (read at `path`, a simulator's pseudo-terminal for a simulated device), whatever
    /// its transport, built by the one factory `tracegate devices read*` uses too.
    static func makeSupervisor(
        device: DeviceSettings, path: String, openers: DeviceOpeners,
        sink: @escaping @Sendable (DeviceUpdate) async -> Void
    ) throws -> any SupervisedDevice {
        do {
            return try DeviceSupervisors.make(
                device.connection(path: path), decoder: device.decoderChoice, openers: openers, sink: sink)
        } catch {
            throw GatewayStartError(error.message)
        }
    }

    /// Where a supervisor's updates go, whatever its transport: all to `devices watch` (`feed`), decoded events
    /// to the station (`route`), state changes to the gateway's events; byte counts stay with the supervisor.
    static func deviceSink(
        id: String, route: DeviceEventRoute, events: @escaping GatewayEventSink, feed: DeviceActivityFeed?
    ) -> @Sendable (DeviceUpdate) async -> Void {
        { update in
            feed?.publish(device: id, update: update)
            switch update {
            case .event(let event): route.deliver(event)
            case .bytes: break  // counted by the supervisor
            case .state(let state): events(.deviceState(device: id, state: state.description))
            }
        }
    }
}

extension DeviceSettings {
    /// The transport settings of this device, reading `path` (its configured path, or a simulator's).
    public func connection(path: String) -> DeviceConnection {
        let silence = silenceTimeoutMilliseconds.map { Duration.milliseconds($0) }
        switch port {
        case .usbHID(let usb):
            return .usbHID(
                USBHIDDeviceConfiguration(
                    id: id, match: usb.match, interfaceNumber: usb.interface,
                    // The stale first report only matters for scales (usbscale reads twice); scanners send on scan.
                    discardedReports: kind == .scale ? 1 : 0, silenceTimeout: silence))
        case .evdev(let input):
            return .evdev(InputDeviceConfiguration(id: id, path: path, grab: input.grab))
        case .tcp(let tcp):
            // A scale behind a device server streams or is polled: silence means its serial side or the network
            // died. A scanner or reader is silent between reads; keepalive finds a dead connection then.
            return .tcp(
                TCPDeviceConfiguration(
                    id: id, endpoint: tcp.endpoint, pollCommand: decoder.options.pollCommand,
                    pollInterval: .milliseconds(tcp.pollIntervalMilliseconds),
                    silenceTimeout: silence ?? (kind == .scale ? .seconds(5) : nil),
                    connectTimeout: .milliseconds(tcp.connectTimeoutMilliseconds)))
        case .serial(let serial):
            // An idle scanner is normal; an idle scale (continuous or polled) is a fault worth a reopen.
            var configuration = SerialDeviceConfiguration(
                id: id, settings: serial.serialSettings(path: path), pollCommand: decoder.options.pollCommand,
                pollInterval: .milliseconds(serial.pollIntervalMilliseconds),
                silenceTimeout: silence ?? (kind == .scale ? .seconds(5) : nil))
            // A simulated device's path is its pseudo-terminal; only real devices are looked up by USB ids.
            if !simulate, case .usb = serial.identity { configuration.identity = serial.identity }
            return .serial(configuration)
        }
    }

    /// What this device's decoder is made from.
    public var decoderChoice: DecoderChoice {
        let keyboard = if case .evdev(let input) = port { input.keyboard } else { KeyboardSettings() }
        return .catalogue(protocol: protocolName, options: decoderOptions, keyboard: keyboard)
    }
}
