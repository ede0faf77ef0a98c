import DeviceIO
import DeviceProtocols
import Logging
import TraceModel

extension GatewayRuntime {
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
