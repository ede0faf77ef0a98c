import ArgumentParser
import CommandSupport
import DeviceIO
import DeviceProtocols
import Foundation
import TraceModel

extension DevicesCommand {
    /// `tracegate devices read-usb`: runs the production USB HID supervisor on one device and prints JSON lines.
    struct ReadUSB: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "read-usb",
            abstract: "Read one USB HID POS scale or scanner through the gateway's own libusb supervisor.",
            discussion: """
                Prints the same JSON lines as `devices read` ({"type":"state"…}, {"type":"bytes"…} per report,
                {"type":"weight"…}/{"type":"barcode"…}). The first report after each open is dropped (it may be
                stale). Nothing is written to the device unless --zero is given.
                Example: tracegate devices read-usb --usb 0922:8003 --protocol hid-pos-scale --count 5
                """)

        @Option(help: "Vendor and product id as lsusb prints them, e.g. 0922:8003.")
        var usb: String

        @Option(help: "Only the device with this serial number.")
        var serial: String?

        @Option(help: "Only the device at this port path, e.g. 1-1.3.")
        var usbPath: String?

        @Option(help: "hid-pos-scale or hid-pos-scanner.")
        var `protocol`: String = "hid-pos-scale"

        @OptionGroup var stop: DeviceReadStop

        @Flag(help: "Send the zero command (output report 2, `02 02`) after the first decoded event.")
        var zero = false

        @OptionGroup var reconnect: DeviceReconnectOption

        func validate() throws {
            guard USBDeviceMatch(vidPid: usb) != nil else { throw ValidationError("--usb must look like 0922:8003") }
            if let usbPath, !USBDeviceMatch.isValidPortPath(usbPath) {
                throw ValidationError("--usb-path must look like 1-1.3 (bus-port.port…)")
            }
            guard ProtocolCatalog.usbHIDProtocols.contains(self.protocol) else {
                throw ValidationError(
                    "--protocol must be \(ProtocolCatalog.usbHIDProtocols.joined(separator: " or "))")
            }
        }

        func run() async throws {
            let match = USBDeviceMatch(vidPid: usb, serialNumber: serial, portPath: usbPath)!
            let configuration = USBHIDDeviceConfiguration(
                id: "cli", match: match,
                discardedReports: ProtocolCatalog.descriptor(named: self.protocol)?.kind == .scale ? 1 : 0,
                backoff: reconnect.backoff)
            let (notices, continuation) = AsyncStream.makeStream(of: Read.Notice.self)
            let protocolName = self.protocol
            let supervisor = try DeviceReadLoop.supervisor(
                .usbHID(configuration), decoder: .catalogue(protocol: protocolName, options: DecoderOptions()),
                continuation: continuation, as: USBHIDDeviceSupervisor.self)
            let zero = self.zero
            var zeroSent = !zero
            let failed = try await DeviceReadLoop.run(
                supervisor: supervisor, notices: notices, continuation: continuation, stop: stop
            ) { update in
                Read.emit(update, status: supervisor.status)
                guard case .event = update else { return false }
                if !zeroSent {
                    zeroSent = true
                    do {
                        try await supervisor.writeOutputReport(HIDScaleReportEncoder.zeroCommand)
                        Self.emitZero(nil)
                    } catch {
                        Self.emitZero("\(error)")
                    }
                }
                return true
            }
            if failed { throw ExitCode(1) }
        }

        /// Prints `{"type":"zero","state":"sent"}` or the failure reason.
        static func emitZero(_ failure: String?) {
            var line = Read.OutputLine(type: "zero")
            line.state = failure == nil ? "sent" : "failed"
            line.reason = failure
            DeviceReadLoop.writeJSONLine(line)
        }
    }
}
