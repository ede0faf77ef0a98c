import DeviceProtocols
import Logging
import TraceModel

/// The one place a device supervisor is built, whatever the transport: the gateway builds every configured
/// device here and every `tracegate devices read*` command builds its one device here, so a new transport is a
/// `DeviceLink`, a `DeviceConnection` case and an arm below.
public enum DeviceSupervisors {
    /// A supervisor for `connection`, decoding with `decoder`, reporting to `sink`.
    ///
    /// - Parameter arrivals: a hotplug monitor whose arrivals cut backoff waits short (the gateway instead calls
    ///   `rescan()` on every supervisor from its one monitor).
    /// - Throws: `ProtocolConfigurationError` when the decoder cannot be built (unknown protocol, an option it
    ///   cannot use, a protocol an evdev device cannot speak); the message names the device.
    public static func make(
        _ connection: DeviceConnection, decoder: DecoderChoice, openers: DeviceOpeners = DeviceOpeners(),
        reactor: PollReactor = .shared, wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "tracegate.device"), arrivals: DeviceEventMonitor? = nil,
        sink: @escaping @Sendable (DeviceUpdate) async -> Void
    ) throws(ProtocolConfigurationError) -> any SupervisedDevice {
        let isKeyboard: Bool
        if case .evdev = connection { isKeyboard = true } else { isKeyboard = false }
        let makeDecoder = try decoderFactory(decoder, keyboard: isKeyboard, device: connection.id)
        switch connection {
        case .serial(let configuration):
            return SerialDeviceSupervisor(
                link: SerialLink(configuration: configuration, reactor: reactor) { makeDecoder(false) },
                wallClock: wallClock, logger: logger, arrivals: arrivals, sink: sink)
        case .evdev(let configuration):
            let link =
                if let open = openers.evdev {
                    InputDeviceLink(
                        configuration: configuration, reactor: reactor, open: open, makeDecoder: makeDecoder)
                } else {
                    InputDeviceLink(configuration: configuration, reactor: reactor, makeDecoder: makeDecoder)
                }
            return InputDeviceSupervisor(
                link: link, wallClock: wallClock, logger: logger, arrivals: arrivals, sink: sink)
        case .usbHID(let configuration):
            // (An `if let` rather than `??`: Swift 6.3 crashes lowering `??` over typed-throws closures.)
            let link: USBHIDLink
            if let open = openers.usbHID {
                link = USBHIDLink(configuration: configuration, open: open) { makeDecoder(false) }
            } else {
                link = USBHIDLink(configuration: configuration, open: openWithLibUSB) { makeDecoder(false) }
            }
            return USBHIDDeviceSupervisor(
                link: link, wallClock: wallClock, logger: logger, arrivals: arrivals, sink: sink)
        case .tcp(let configuration):
            return TCPDeviceSupervisor(
                link: TCPLink(configuration: configuration, reactor: reactor) { makeDecoder(false) },
                wallClock: wallClock, logger: logger, arrivals: arrivals, sink: sink)
        }
    }

    /// Opens a USB HID device through libusb (one shared context and event thread, started by the first user).
    @Sendable private static func openWithLibUSB(_ configuration: USBHIDDeviceConfiguration) throws(DeviceError)
        -> any HIDReportTransport
    {
        try USBHIDTransport.open(
            configuration.match, interfaceNumber: configuration.interfaceNumber, context: try USBContext.shared())
    }

    /// Checks the choice once by building a decoder, and returns the per-connection factory.
    private static func decoderFactory(_ choice: DecoderChoice, keyboard: Bool, device: String)
        throws(ProtocolConfigurationError) -> @Sendable (_ capsLock: Bool) -> any FrameDecoder
    {
        switch choice {
        case .custom(let make):
            return make
        case .catalogue(let name, let options, let layout):
            let build: @Sendable (Bool) throws(ProtocolConfigurationError) -> any FrameDecoder = {
                capsLock throws(ProtocolConfigurationError) in
                keyboard
                    ? try ProtocolCatalog.makeKeyboardDecoder(
                        named: name, options: options, keyboard: layout, capsLock: capsLock)
                    : try ProtocolCatalog.makeDecoder(named: name, options: options)
            }
            do {
                _ = try build(false)
            } catch {
                throw ProtocolConfigurationError(option: error.option, message: "device \(device): \(error.message)")
            }
            // Checked above with the same settings; should it still fail, the device decodes nothing rather than
            // stopping the gateway, and its frame counter stays at zero for the technician to see.
            return { capsLock in (try? build(capsLock)) ?? NothingDecoder() }
        }
    }
}

/// Decodes nothing.
struct NothingDecoder: FrameDecoder {
    /// Ignores the bytes.
    mutating func feed(_ bytes: [UInt8]) -> [DeviceEvent] { [] }
}
