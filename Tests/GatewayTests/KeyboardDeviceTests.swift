import DeviceIO
import DeviceProtocols
import Foundation
import Glibc
import Synchronization
import Testing
import TraceModel

@testable import Gateway

/// An input device stand-in: the read end of a pipe carrying `struct input_event` records.
final class PipeInputTransport: InputDeviceTransport {
    /// The configured path.
    let path: String
    /// The read end.
    private(set) var fileDescriptor: Int32
    /// A name, as EVIOCGNAME would give.
    let deviceName: String? = "Test Keyboard Card Reader"
    /// Caps Lock off.
    let capsLock = false
    /// Pretends to be grabbed.
    let grabbed = true
    /// "pipe".
    var driverName: String { "pipe" }

    /// Wraps `fd`.
    init(path: String, fd: Int32) {
        self.path = path
        self.fileDescriptor = fd
    }

    /// Closes the read end.
    func close() {
        guard fileDescriptor >= 0 else { return }
        Glibc.close(fileDescriptor)
        fileDescriptor = -1
    }
}

/// The write ends of the pipes handed out, so the test can type into the "device".
final class PipeKeyboard: Sendable {
    /// Write end of the current connection.
    private let writer = Mutex<Int32>(-1)

    /// The opener to give the runtime.
    var opener: @Sendable (InputDeviceConfiguration) throws(DeviceError) -> any InputDeviceTransport {
        { [self] configuration throws(DeviceError) in
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else { fatalError("pipe failed: out of file descriptors?") }
            for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
            self.writer.withLock { $0 = ends[1] }
            return PipeInputTransport(path: configuration.path, fd: ends[0])
        }
    }

    /// Whether the gateway has opened the device.
    var isOpen: Bool { writer.withLock { $0 >= 0 } }

    /// Types `text` and Enter, as a keyboard card reader does.
    func type(_ text: String) throws {
        let bytes = try KeystrokeEncoder().events(typing: text).flatMap { InputEventLayout.native.record($0) }
        let fd = writer.withLock { $0 }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw WaitTimeout(what: "writing \(bytes.count) bytes to the pipe") }
    }
}

extension EventLog {
    /// Station notices so far.
    var notices: [String] {
        events.withLock { $0 }.compactMap { if case .notice(_, let text) = $0 { text } else { nil } }
    }
}

@Suite("Keyboard-wedge devices in the gateway", .serialized)
struct KeyboardDeviceTests {
    /// A stall with a serial scale and an evdev keyboard card reader (iso14443-keyboard) as `card_reader`.
    static func yaml(directory: URL, scalePath: String) -> String {
        """
        node: {code: "330102001", operators: [{code: "3301020010001", name: 张三}]}
        ledger: {path: "\(directory.path)/ledger.db"}
        api: {enabled: false}
        devices:
          - {id: scale, protocol: xk3190-a12, path: "\(scalePath)", stable_frames: 2}
          - id: card
            protocol: iso14443-keyboard
            transport: evdev
            path: /dev/input/by-id/usb-Test_Card_Reader-event-kbd
            uid_format: decimal
            byte_order: lsb-first
            duplicate_window_ms: 60000
        catalogue:
          - {code: "10010001", name: 猪后腿肉, price_fen: 3000}
        stations:
          - {id: stall-1, operator: "3301020010001", scale: scale, card_reader: card, default_product: "10010001", stable_ms: 0}
        """
    }

    @Test func keyboardCardReaderSelectsTheBuyerOfTheTrade() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tracegate-kbd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scale = try PseudoTerminal()
        let configuration = try GatewayConfiguration.load(
            yaml: Self.yaml(directory: directory, scalePath: scale.slavePath), file: "kbd.yaml")
        #expect(configuration.stations[0].cardReader == "card")
        #expect(configuration.device("card")?.transport == .evdev)
        let keyboard = PipeKeyboard()
        var options = GatewayOptions()
        options.handleSignals = false
        options.deviceOpeners.evdev = keyboard.opener
        let log = EventLog()
        let runtime = try GatewayRuntime(configuration: configuration, options: options, events: log.sink)
        func weigh(_ grams: Int64, frames: Int = 3) async throws {
            let frame = XK3190A12Encoder().encode(
                WeightReading(grams: grams, stable: true, net: false, overload: false))
            for _ in 0..<frames {
                try await scale.write(frame)
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await runtime.run() }
            try await log.wait("the card reader to open") { keyboard.isOpen }
            try await weigh(0)
            // 8B0D4F49 typed by an lsb-first decimal reader, held on the reader (read twice).
            try keyboard.type("1229917579")
            try keyboard.type("1229917579")
            try await log.wait("the buyer at the station") { log.notices.contains("buyer card 8B0D4F49 selected") }
            try await weigh(1234)
            try await log.wait("a trade") { log.trades.count == 1 }
            #expect(log.trades[0].draft.buyer == "8B0D4F49")
            #expect(log.notices.filter { $0.hasPrefix("buyer card") }.count == 1, "the second read is a duplicate")
            let status = runtime.deviceStatuses().first { $0.id == "card" }
            #expect(status?.state == "connected")
            #expect(status?.frames == 2)
            await runtime.stop()
            try await group.waitForAll()
        }
    }

    @Test func evdevSettingsAreValidated() throws {
        let base = Self.yaml(directory: URL(fileURLWithPath: "/tmp"), scalePath: "/dev/tracegate/scale")
        let badOrder = base.replacingOccurrences(of: "byte_order: lsb-first", with: "byte_order: sideways")
        do {
            _ = try GatewayConfiguration.load(yaml: badOrder, file: "k.yaml")
            Issue.record("a bad byte order was accepted")
        } catch {
            #expect("\(error)".contains("devices[1].byte_order"), "\(error)")
            #expect("\(error)".contains("msb-first or lsb-first"), "\(error)")
        }
        let scaleOverKeyboard = base.replacingOccurrences(
            of: "protocol: iso14443-keyboard", with: "protocol: fdx-b-ascii")
        #expect(throws: ConfigurationError.self) {
            try GatewayConfiguration.load(yaml: scaleOverKeyboard, file: "k.yaml")
        }
        let keysOnSerial = base.replacingOccurrences(of: "transport: evdev", with: "keys: {21: zZ}")
        do {
            _ = try GatewayConfiguration.load(yaml: keysOnSerial, file: "k.yaml")
            Issue.record("keys on a serial device were accepted")
        } catch {
            #expect("\(error)".contains("applies only to devices with transport: evdev"), "\(error)")
        }
        let withKeys = base.replacingOccurrences(
            of: "duplicate_window_ms: 60000",
            with: "duplicate_window_ms: 500\n    keys: {21: zZ, 44: yY}\n    terminator_key: tab")
        let configuration = try GatewayConfiguration.load(yaml: withKeys, file: "k.yaml")
        let card = try #require(configuration.device("card"))
        let input = try #require(card.port.input)
        #expect(input.terminatorKey == .tab)
        #expect(input.keyboard.terminatorKeys == [15])
        #expect(input.keys == [21: "zZ", 44: "yY"])
        #expect(input.keyboard.keymap.entries[21]?.normal == "z")
        #expect(card.duplicateWindowMilliseconds == 500)
        #expect(card.decoder.options.byteOrder == .lsbFirst)
        #expect(card.decoderOptions.byteOrder == .lsbFirst)
    }
}
