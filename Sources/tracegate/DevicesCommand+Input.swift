import ArgumentParser
import CommandSupport
import DeviceIO
import DeviceProtocols
import Foundation
import TraceModel

extension DevicesCommand {
    /// `tracegate devices input`: runs the production evdev supervisor on one keyboard-wedge device.
    struct Input: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "input",
            abstract: "Read one keyboard-wedge scanner or card reader (evdev) through the gateway's supervisor.",
            discussion: """
                The device is grabbed exclusively (EVIOCGRAB) while it is read, so its keystrokes reach no
                console. Prints JSON lines like `devices read`, plus, after each connection:
                  {"type":"device","name":"Honeywell 1900 Scanner","grabbed":true}
                and events: {"type":"barcode","data":"…"}, {"type":"tag","data":"8B0D4F49"}, frameError.
                Stops after --count events, after --seconds, or on Ctrl-C.
                """)

        @Option(help: "Device path: /dev/input/by-id/…-event-kbd or /dev/input/by-path/….")
        var path: String

        @Option(
            name: .customLong("protocol"),
            help: "What the device types: \(ProtocolCatalog.keyboardProtocols.joined(separator: ", ")).")
        var protocolName: String = "barcode-line"

        @OptionGroup var decoderOptions: DecoderOptionFlags

        @OptionGroup var layout: KeyboardLayoutFlags

        @Flag(help: "Do not grab the device (diagnosis only: its keys then also reach the console).")
        var noGrab = false

        @OptionGroup var stop: DeviceReadStop

        @Option(help: "First reconnect delay in milliseconds (doubles up to 5 s).")
        var backoffMs: Int = 250

        func validate() throws {
            try OptionCheck.positive(backoffMs, "backoff-ms")
        }

        func run() async throws {
            let options = try decoderOptions.options()
            let keyboard: KeyboardSettings
            do {
                keyboard = try layout.settings()
                _ = try ProtocolCatalog.makeKeyboardDecoder(named: protocolName, options: options, keyboard: keyboard)
            } catch {
                throw ValidationError("\(error)")
            }
            let protocolName = self.protocolName
            let configuration = InputDeviceConfiguration(
                id: "cli", path: path, grab: !noGrab,
                backoff: ReconnectBackoff(
                    initial: .milliseconds(backoffMs), maximum: .seconds(max(5, backoffMs / 1000))))
            let (notices, continuation) = AsyncStream.makeStream(of: Read.Notice.self)
            let supervisor = try DeviceReadLoop.supervisor(
                .evdev(configuration),
                decoder: .catalogue(protocol: protocolName, options: options, keyboard: keyboard),
                continuation: continuation, as: InputDeviceSupervisor.self)
            let failed = try await DeviceReadLoop.run(
                supervisor: supervisor, notices: notices, continuation: continuation, stop: stop
            ) { update in
                if case .bytes = update { return false }  // raw input_event records are not worth printing
                Read.emit(update, status: supervisor.status)
                if case .state(.connected) = update {
                    Self.emitDevice(name: supervisor.deviceName, grabbed: !noGrab)
                }
                if case .event = update { return true }
                return false
            }
            if failed { throw ExitCode(1) }
        }

        /// Prints the device line.
        static func emitDevice(name: String?, grabbed: Bool) {
            /// The printed line.
            struct DeviceLine: Encodable {
                /// Always "device".
                var type = "device"
                /// EVIOCGNAME.
                var name: String?
                /// Whether EVIOCGRAB was taken.
                var grabbed: Bool
            }
            DeviceReadLoop.writeJSONLine(DeviceLine(name: name, grabbed: grabbed))
        }
    }
}
