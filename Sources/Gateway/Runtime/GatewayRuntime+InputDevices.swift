import DeviceIO
import DeviceProtocols
import Logging
import TraceModel

extension GatewayRuntime {
    /// An evdev supervisor for a keyboard-wedge `device` (scanner or card reader) that routes its scans
    /// and card taps like a serial device's (docs/keyboard-devices.md).
    static func makeInputSupervisor(
        device: DeviceSettings, station: StationService?, cardReader: Bool, events: @escaping GatewayEventSink,
        open: (@Sendable (InputDeviceConfiguration) throws(SerialPortError) -> any InputDeviceTransport)?,
        feed: DeviceActivityFeed? = nil
    ) throws -> InputDeviceSupervisor {
        let options = device.decoderOptions
        let protocolName = device.protocolName
        let keyboard = device.keyboard
        // Validated with the configuration; a failure here is a programming error worth a clear message.
        do {
            _ = try ProtocolCatalog.makeKeyboardDecoder(named: protocolName, options: options, keyboard: keyboard)
        } catch {
            throw GatewayStartError("device \(device.id): \(error)")
        }
        let configuration = InputDeviceConfiguration(id: device.id, path: device.path, grab: device.grab)
        let id = device.id
        let route = DeviceEventRoute(device: device, station: station, routesCards: cardReader)
        let makeDecoder: @Sendable (Bool) -> any FrameDecoder = { capsLock in
            (try? ProtocolCatalog.makeKeyboardDecoder(
                named: protocolName, options: options, keyboard: keyboard, capsLock: capsLock)) ?? NullDecoder()
        }
        let sink = deviceSink(id: id, route: route, events: events, feed: feed)
        let logger = Logger(label: "tracegate.device")
        if let open {
            return InputDeviceSupervisor(
                configuration: configuration, logger: logger, open: open, makeDecoder: makeDecoder, sink: sink)
        }
        return InputDeviceSupervisor(
            configuration: configuration, logger: logger, makeDecoder: makeDecoder, sink: sink)
    }
}
