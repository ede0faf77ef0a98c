import ArgumentParser
import CommandSupport
import DeviceIO
import DeviceProtocols
import Dispatch
import Foundation
import Logging
import TraceModel

/// `tracegate devices …`: list configured and detected devices, watch them live, or read one port.
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List, watch and read devices.",
        subcommands: [List.self, Watch.self, Read.self, ReadUSB.self, Input.self],
        defaultSubcommand: List.self
    )
}

extension DevicesCommand {
    /// `tracegate devices read`: runs the production supervisor on one port and prints JSON lines.
    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "read",
            abstract: "Read one serial device through the gateway's own supervisor and print JSON lines.",
            discussion: """
                Prints one JSON object per line on standard output:
                  {"type":"state","state":"connected"}   (and waitingForDevice/failed/stopped with "reason")
                  {"type":"bytes","hex":"022b..."}         raw bytes as read
                  {"type":"barcode","data":"..."}          with --protocol lines, one per CR/LF-terminated line
                Nothing is ever written to the port unless --poll is given (or the protocol is polled).
                --address reads a device behind a serial device server (transport: tcp) instead of a port; its line
                is set in the device server, so the line options do not apply.
                Stops after --count events, after --seconds, or on Ctrl-C; exits 1 if the port's settings
                are refused (state "failed").
                """
        )

        @Option(help: "Device path; prefer /dev/serial/by-id/… or a udev symlink.")
        var path: String?

        @Option(
            help:
                "Find the port by USB ids instead of --path: VID:PID or VID:PID:SERIAL (hex, as `tracegate devices` shows)."
        )
        var usb: String?

        @Option(help: "Connect to a serial device server instead of --path: HOST:PORT (transport: tcp).")
        var address: String?

        @Option(help: "With --usb: the USB port path (e.g. 1-1.3), for adapters without a serial number.")
        var usbPort: String?

        @Option(help: "With --usb: read sysfs under this directory instead of / (tests).")
        var sysfsRoot: String = ""

        @Option(help: "Baud rate.")
        var baud: Int = 9600

        @Option(help: "Data bits (5-8).")
        var dataBits: Int = 8

        @Option(help: "Parity: none, odd, even, mark, space.")
        var parity: SerialSettings.Parity = .none

        @Option(help: "Stop bits (1 or 2).")
        var stopBits: Int = 1

        @Option(help: "Flow control: none, xonxoff, rtscts, dtrdsr.")
        var flowControl: SerialSettings.FlowControl = .none

        @Option(help: "Driver: auto (termios for /dev/pts/*, else libserialport), libserialport, termios.")
        var driver: SerialSettings.Driver = .auto

        @Option(
            help:
                "Decoding: raw (bytes only), lines (CR/LF-terminated lines as barcode events), or a protocol from `tracegate decode --list`."
        )
        var `protocol`: String = "raw"

        @OptionGroup var decoderOptions: DecoderOptionFlags

        @OptionGroup var stop: DeviceReadStop

        @Option(help: "Poll command to write periodically, as hex (e.g. 530d0a for MT-SICS \"S\\r\\n\").")
        var poll: String?

        @Option(help: "Milliseconds between poll commands.")
        var pollIntervalMs: Int = 200

        @Option(help: "Reopen the port after this many milliseconds without data (0 = never).")
        var silenceMs: Int = 0

        @OptionGroup var reconnect: DeviceReconnectOption

        /// The USB match from --usb and --usb-port; nil without --usb.
        func usbMatch() throws -> USBSerialMatch? {
            guard let usb else { return nil }
            let parts = usb.split(separator: ":", maxSplits: 2).map(String.init)
            guard parts.count >= 2, USBSerialMatch.isValidID(parts[0]), USBSerialMatch.isValidID(parts[1]) else {
                throw ValidationError("--usb must be VID:PID or VID:PID:SERIAL with 4 hex digits each, e.g. 1a86:7523")
            }
            return USBSerialMatch(
                vendorID: parts[0], productID: parts[1], serial: parts.count > 2 ? parts[2] : nil, port: usbPort)
        }

        func validate() throws {
            if [path, usb, address].compactMap({ $0 }).count != 1 {
                throw ValidationError("give exactly one of --path, --usb and --address")
            }
            _ = try usbMatch()
            if let address, !(TCPEndpoint(parsing: address).map { $0.problem == nil } ?? false) {
                throw ValidationError("--address must be HOST:PORT, e.g. 192.168.1.254:4001 ([v6]:port for IPv6)")
            }
            if !["raw", "lines"].contains(self.protocol), ProtocolCatalog.descriptor(named: self.protocol) == nil {
                let names = (["raw", "lines"] + ProtocolCatalog.all.map(\.name)).joined(separator: ", ")
                throw ValidationError("--protocol '\(self.protocol)' is unknown; use one of \(names)")
            }
            if let poll, Self.bytes(hex: poll) == nil {
                throw ValidationError("--poll must be an even number of hex digits, e.g. 530d0a")
            }
            try OptionCheck.positive(pollIntervalMs, "poll-interval-ms")
            try OptionCheck.atLeast(0, silenceMs, "silence-ms")
        }

        func run() async throws {
            let match = try usbMatch()
            let settings = SerialSettings(
                path: path ?? match.map { DeviceIdentity.usb($0).description } ?? "", baud: baud, dataBits: dataBits,
                parity: parity, stopBits: stopBits,
                flowControl: flowControl, driver: driver)
            var configuration = SerialDeviceConfiguration(
                id: "cli", settings: settings, pollCommand: poll.flatMap(Self.bytes(hex:)),
                pollInterval: .milliseconds(pollIntervalMs),
                silenceTimeout: silenceMs > 0 ? .milliseconds(silenceMs) : nil,
                backoff: reconnect.backoff)
            configuration.identity = match.map(DeviceIdentity.usb)
            configuration.sysfs = SysfsTree(root: sysfsRoot)
            // Arrivals (netlink uevents, or a sysfs rescan every 2 s) cut the backoff wait short.
            let monitor = DeviceEventMonitor(
                sysfs: configuration.sysfs,
                logger: Logger(label: "tracegate.devices", factory: { _ in SwiftLogNoOpLogHandler() }))
            // Everything funnels into one stream: the supervisor's updates plus stop requests from
            // Ctrl-C and --seconds. The stream ends when run() has returned, so "stopped" is printed.
            let (notices, continuation) = AsyncStream.makeStream(of: Notice.self)
            let protocolName = self.protocol
            let linesMode = protocolName != "raw"
            let options = try decoderOptions.options()
            let decoder: DecoderChoice =
                switch protocolName {
                case "raw": .custom { _ in RawDecoder() }
                case "lines": .custom { _ in LineDecoder() }
                default: .catalogue(protocol: protocolName, options: options)
                }
            let connection: DeviceConnection =
                if let address, let endpoint = TCPEndpoint(parsing: address) {
                    .tcp(
                        TCPDeviceConfiguration(
                            id: "cli", endpoint: endpoint, pollCommand: configuration.pollCommand,
                            pollInterval: configuration.pollInterval, silenceTimeout: configuration.silenceTimeout,
                            backoff: configuration.backoff))
                } else {
                    .serial(configuration)
                }
            let supervisor = try DeviceReadLoop.supervisor(
                connection, decoder: decoder, arrivals: monitor, continuation: continuation,
                as: (any SupervisedDevice).self)
            let failed = try await DeviceReadLoop.run(
                supervisor: supervisor, notices: notices, continuation: continuation, stop: stop,
                companion: { await monitor.run() }
            ) { update in
                Self.emit(update, status: supervisor.status)
                switch update {
                case .bytes where !linesMode, .event where linesMode: return true
                default: return false
                }
            }
            if failed { throw ExitCode(1) }
        }

        /// What the printing loop receives.
        enum Notice: Sendable {
            /// An update from the supervisor.
            case update(DeviceUpdate)
            /// Ctrl-C, SIGTERM or --seconds: stop the supervisor and print its last state.
            case stop
        }

        /// One printed JSON line; nil fields are left out.
        struct OutputLine: Encodable {
            /// "state", "bytes", "barcode", "tag", "weight" or "frameError".
            var type: String
            /// State name, for state lines.
            var state: String?
            /// Why the device is waiting or failed, or why a frame was discarded.
            var reason: String?
            /// Reconnects so far, on state lines.
            var reconnects: Int64?
            /// Raw bytes in lowercase hex.
            var hex: String?
            /// Barcode data, or the tag id for tag lines.
            var data: String?
            /// Weight in grams.
            var grams: Int64?
            /// Whether the weight is stable.
            var stable: Bool?
            /// The node opened, on "connected" lines.
            var path: String?
        }

        /// Prints one update as a JSON line.
        static func emit(_ update: DeviceUpdate, status: DeviceStatus) {
            let fields = update.fields
            var line = OutputLine(
                type: fields.type, state: fields.state, reason: fields.reason, data: fields.data, grams: fields.grams,
                stable: fields.stable)
            switch update {
            case .bytes(let bytes): line.hex = bytes.map { String(format: "%02x", $0) }.joined()
            case .state(let state):
                line.reconnects = status.reconnects
                if state == .connected { line.path = status.resolvedPath }
            case .event: break
            }
            DeviceReadLoop.writeJSONLine(line)
        }

        /// Returns when SIGINT or SIGTERM arrives, or when the task is cancelled.
        static func interruption() async {
            let (signals, continuation) = AsyncStream.makeStream(of: Int32.self)
            let queue = DispatchQueue(label: "tracegate.signals")
            let sources = [SIGINT, SIGTERM].map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { continuation.yield(number) }
                source.resume()
                return source
            }
            await withTaskCancellationHandler {
                for await _ in signals { break }
            } onCancel: {
                continuation.finish()
            }
            for source in sources { source.cancel() }
        }

        /// Parses hex such as "530d0a" (spaces allowed); nil when malformed.
        static func bytes(hex: String) -> [UInt8]? { HexText.bytes(compact: hex) }
    }
}

/// Decodes nothing: `devices read` in raw mode prints bytes only.
private struct RawDecoder: FrameDecoder {
    /// Ignores the bytes.
    mutating func feed(_ bytes: [UInt8]) -> [DeviceEvent] { [] }
}

/// CR/LF-terminated text lines as barcode reads (a USB-COM scanner's default framing, devices.md §3c),
/// for looking at any line-based device without choosing its protocol.
private struct LineDecoder: FrameDecoder {
    /// Bytes of the unfinished line.
    private var line: [UInt8] = []

    /// Splits on CR or LF; empty lines (the LF of CR LF) are skipped.
    mutating func feed(_ bytes: [UInt8]) -> [DeviceEvent] {
        var events: [DeviceEvent] = []
        for byte in bytes {
            if byte == 0x0D || byte == 0x0A {
                if !line.isEmpty { events.append(.barcode(BarcodeRead(data: String(decoding: line, as: UTF8.self)))) }
                line.removeAll()
            } else if line.count < 4096 {
                line.append(byte)
            }
        }
        return events
    }
}

extension SerialSettings.Parity: ExpressibleByArgument {}
extension SerialSettings.FlowControl: ExpressibleByArgument {}
extension SerialSettings.Driver: ExpressibleByArgument {}
