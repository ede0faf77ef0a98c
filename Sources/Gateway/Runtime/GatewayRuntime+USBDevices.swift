import DeviceIO
import DeviceProtocols
import Logging
import TraceModel

extension GatewayRuntime {
    /// A libusb supervisor for a `transport: usb-hid` device (HID POS scale or scanner) that routes its
    /// weights and scans like a serial device's (docs/usb-devices.md).
    ///
    /// libusb is initialised by the first supervisor that runs (`USBContext.shared()`, one context and one
    /// event thread per process), so a gateway without USB devices never starts it.
    static func makeUSBSupervisor(
        device: DeviceSettings, station: StationService?, events: @escaping GatewayEventSink,
        open: (@Sendable (USBHIDDeviceConfiguration) throws(USBDeviceError) -> any HIDReportTransport)?,
        feed: DeviceActivityFeed? = nil
    ) throws -> USBHIDDeviceSupervisor {
        guard let match = device.usb else {
            throw GatewayStartError("device \(device.id): transport usb-hid needs usb: \"VID:PID\"")
        }
        let protocolName = device.protocolName
        let options = device.decoderOptions
        // Validated with the configuration; a failure here is a programming error worth a clear message.
        do {
            _ = try ProtocolCatalog.makeDecoder(named: protocolName, options: options)
        } catch {
            throw GatewayStartError("device \(device.id): \(error)")
        }
        let configuration = USBHIDDeviceConfiguration(
            id: device.id, match: match, interfaceNumber: device.usbInterface,
            // The stale first report only matters for scales (usbscale reads twice); scanners send on scan.
            discardedReports: device.kind == .scale ? 1 : 0,
            silenceTimeout: device.silenceTimeoutMilliseconds.map { .milliseconds($0) })
        do {
            try configuration.validate()
        } catch {
            throw GatewayStartError(error.message)
        }
        let id = device.id
        let route = DeviceEventRoute(device: device, station: station, routesCards: false)
        let makeDecoder: @Sendable () -> any FrameDecoder = {
            (try? ProtocolCatalog.makeDecoder(named: protocolName, options: options)) ?? NullDecoder()
        }
        let sink = deviceSink(id: id, route: route, events: events, feed: feed)
        let logger = Logger(label: "tracegate.device")
        if let open {
            return USBHIDDeviceSupervisor(
                configuration: configuration, logger: logger, open: open, makeDecoder: makeDecoder, sink: sink)
        }
        return USBHIDDeviceSupervisor(
            configuration: configuration, logger: logger, makeDecoder: makeDecoder, sink: sink)
    }

    /// Sends the zero command to device `id` (`POST /devices/{id}/zero`, `tracegate zero`): only USB HID
    /// POS scales accept one (output report 2, devices.md §2); serial indicators are zeroed on the
    /// indicator itself.
    public func zeroDevice(_ id: String) async -> DeviceZeroOutcome {
        guard let device = configuration.device(id) else {
            let known = configuration.devices.map(\.id).joined(separator: ", ")
            return .unknownDevice("no device '\(id)'; devices: \(known.isEmpty ? "none" : known)")
        }
        guard let supervisor = usbSupervisors[id],
            let zeroCommand = ProtocolCatalog.descriptor(named: device.protocolName)?.zeroCommand
        else {
            return .cannotZero(
                "device '\(id)' (\(device.protocolName), transport \(device.transport.rawValue)) cannot be zeroed by "
                    + "the gateway; only USB HID POS scales (protocol hid-pos-scale, transport usb-hid) accept a zero "
                    + "command — press ZERO on the scale itself")
        }
        let status = supervisor.status
        guard status.state == .connected else {
            return .notConnected(
                "device '\(id)' is not connected (\(status.state)); nothing was sent — check the cable, then retry")
        }
        do {
            try await supervisor.writeOutputReport(zeroCommand)
        } catch {
            return .notConnected("zero command to device '\(id)' failed: \(error); nothing was sent")
        }
        return .sent("zero command sent to device '\(id)' (\(supervisor.configuration.match))")
    }
}
