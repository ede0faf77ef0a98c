import ArgumentParser
import CommandSupport
import DeviceIO
import Foundation
import Gateway

extension DevicesCommand {
    /// `tracegate devices` / `tracegate devices list`: configured devices and detected candidates.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List configured devices (state, last reading, counters) and every detected candidate device.",
            discussion: """
                Configured devices come from the running gateway's local API when it answers (live state, last
                reading, error counters), otherwise from --config, each checked against what is plugged in now
                (the output says which). Candidates are found on this machine without udev: USB-serial bridges
                (CH340, PL2303, FTDI, CP210x and any other tty with a USB parent) from sysfs with VID:PID, serial
                number and USB port path, /dev/serial/by-id and by-path links, /dev/input/by-id/*-event-kbd
                keyboards (wedge scanners, card readers) and HID POS scales by VID:PID. Each candidate comes with
                the configuration line that names it stably (see docs/devices-identity.md).
                """)

        @OptionGroup var gateway: LocalAPIOptions

        @Flag(help: "Print one JSON document instead of text.")
        var json = false

        @Option(help: "Read sysfs under this directory instead of / (tests).")
        var sysfsRoot: String = ""

        @Option(help: "Read /dev links under this directory instead of / (tests).")
        var devRoot: String = ""

        /// The whole listing, as `--json` prints it.
        struct Listing: Encodable {
            /// "gateway" (live, from the API) or "configuration" (the gateway is not running).
            var source: String
            /// Why the configured devices come from where they come from.
            var note: String
            /// Configured devices.
            var configured: [DeviceStatusJSON]
            /// Detected candidates.
            var candidates: [DeviceCandidate]
        }

        func run() async throws {
            let sysfs = SysfsTree(root: sysfsRoot)
            let candidates = DeviceCandidate.scan(sysfs: sysfs, devRoot: devRoot)
            let loaded = try? GatewayConfiguration.load(path: gateway.config)
            let base = gateway.api ?? loaded.map { "http://\($0.api.host):\($0.api.port)" }
            var listing = Listing(source: "configuration", note: "", configured: [], candidates: candidates)
            if let base, let live = Self.fetchStatuses(base: base) {
                listing.source = "gateway"
                listing.note = "live from the running gateway at \(base)"
                listing.configured = live
            } else if let loaded {
                listing.note =
                    "the gateway is not running\(base.map { " (no answer at \($0))" } ?? ""); showing \(gateway.config) checked against the devices present now"
                let ports = sysfs.serialPorts()
                listing.configured = loaded.devices.map { Self.offlineStatus($0, ports: ports) }
            } else {
                listing.note =
                    "no gateway answers and \(gateway.config) cannot be read; give --config FILE or --api URL"
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(listing), as: UTF8.self))
            } else {
                print(Self.text(listing))
            }
        }

        /// `GET /devices`, or nil when nothing answers.
        static func fetchStatuses(base: String) -> [DeviceStatusJSON]? {
            guard let url = URL(string: base + "/devices"),
                let response = try? LoopbackHTTPClient.send(method: "GET", to: url, timeoutSeconds: 3),
                response.status == 200
            else { return nil }
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try? decoder.decode([DeviceStatusJSON].self, from: response.body)
        }

        /// A configured device's status without a gateway: whether its identity resolves right now.
        static func offlineStatus(_ device: DeviceSettings, ports: [DetectedSerialPort]) -> DeviceStatusJSON {
            var state = "not running"
            var resolved: String?
            if device.simulate {
                state = "not running (simulated)"
            } else {
                do {
                    let path = try device.identity.resolve(in: ports)
                    if FileManager.default.fileExists(atPath: path) {
                        resolved = path
                        state = "not running (present: \(path))"
                    } else {
                        state = "not running (absent: \(path) does not exist)"
                    }
                } catch {
                    state = "not running (\(error.message))"
                }
            }
            var status = DeviceStatusJSON(
                id: device.id, protocol: device.protocolName, path: device.path, state: state, bytes: 0, frames: 0,
                decode_errors: 0, reconnects: 0, last_error: nil)
            status.kind = device.kind.rawValue
            status.identity = device.simulate ? "simulated" : device.identity.description
            status.resolved_path = resolved
            return status
        }

        /// The human listing.
        static func text(_ listing: Listing) -> String {
            var lines = ["Configured devices (\(listing.note)):"]
            if listing.configured.isEmpty { lines.append("  none") }
            for device in listing.configured {
                lines.append(
                    "  \(device.id)  \(device.kind ?? "?")  \(device.protocol)  \(device.state)")
                var detail = "      identity: \(device.identity ?? device.path)"
                if let resolved = device.resolved_path, resolved != device.identity { detail += " → \(resolved)" }
                lines.append(detail)
                if listing.source == "gateway" {
                    lines.append(
                        "      last reading: \(device.last_reading ?? "none")  frames \(device.frames)  decode errors \(device.decode_errors)  reconnects \(device.reconnects)  silence timeouts \(device.silence_timeouts ?? 0)"
                    )
                    if let error = device.last_error { lines.append("      last error: \(error)") }
                }
            }
            lines.append("Detected candidates (sysfs and /dev links on this machine):")
            if listing.candidates.isEmpty {
                lines.append("  none (no USB-serial adapter, keyboard or HID scale found)")
            }
            for candidate in listing.candidates {
                var head = "  \(candidate.kind)  \(candidate.node ?? "-")"
                if let model = candidate.model { head += "  \(model)" }
                if let vid = candidate.vid, let pid = candidate.pid { head += "  \(vid):\(pid)" }
                if let port = candidate.port { head += "  port \(port)" }
                head +=
                    candidate.serial.map { "  serial \($0)" } ?? (candidate.vid != nil ? "  (no serial number)" : "")
                lines.append(head)
                for link in candidate.links { lines.append("      link: \(link)") }
                if let suggestion = candidate.suggestion { lines.append("      configure: \(suggestion)") }
            }
            return lines.joined(separator: "\n")
        }
    }
}
