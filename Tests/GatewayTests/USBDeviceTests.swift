import DeviceIO
import Foundation
import Testing
import TraceModel

@testable import Gateway

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("USB HID devices in the gateway", .serialized)
struct USBDeviceTests {
    /// A stall whose scale is a USB HID POS scale (no scanner: the default product), a USB scanner that is
    /// never plugged in, and a spare USB scale that is not plugged in either.
    static func yaml(directory: String) -> String {
        """
        node: {code: "330102001", operators: [{code: "3301020010001", name: 张三}]}
        ledger: {path: "\(directory)/ledger.db"}
        api: {listen: "127.0.0.1:0"}
        devices:
          - id: scale
            protocol: hid-pos-scale
            transport: usb-hid
            usb: "0922:8003"
            serial: SCALE0001
            usb_path: 1-1.3
          - {id: scanner, protocol: hid-pos-scanner, transport: usb-hid, usb: "0c2e:0b81", interface: 0}
          - {id: spare, protocol: hid-pos-scale, transport: usb-hid, usb: "0eb8:f000"}
        catalogue:
          - {code: "10010001", name: 猪后腿肉, price_fen: 3000}
        stations:
          - {id: stall-1, operator: "3301020010001", scale: scale, scanner: scanner, default_product: "10010001", stable_ms: 0}
        """
    }

    /// POSTs `path` to the running gateway's API.
    static func post(_ path: String, port: Int) async throws -> (Int, ZeroReply?) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, try? JSONDecoder().decode(ZeroReply.self, from: data))
    }

    @Test func usbScaleFeedsAStationTradeZeroesAndReconnects() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tracegate-usb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try GatewayConfiguration.load(yaml: Self.yaml(directory: directory.path), file: "usb.yaml")
        let scale = ScriptedHIDScale(only: "scale")
        var options = GatewayOptions()
        options.handleSignals = false
        options.apiPortOverride = 0
        options.deviceOpeners.usbHID = scale.opener
        let log = EventLog()
        let runtime = try GatewayRuntime(configuration: configuration, options: options, events: log.sink)
        func status(_ id: String) -> DeviceStatusJSON? { runtime.deviceStatuses().first { $0.id == id } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await runtime.run() }
            try await log.wait("the API and the scale") { log.apiPort != nil && status("scale")?.state == "connected" }
            let port = try #require(log.apiPort)
            scale.weigh(50_000)  // the stale first report after open: dropped
            scale.weigh(0)
            scale.weigh(1230)
            try await log.wait("a trade") { log.trades.count == 1 }
            #expect(log.trades[0].draft.grams == 1230)
            #expect(log.trades[0].draft.productCode == "10010001")
            #expect(status("scale")?.frames == 2, "the stale report is not decoded")
            #expect(status("scale")?.last_reading != nil, "USB readings reach the devices watch feed")
            #expect(status("scale")?.path == "USB 0922:8003 serial SCALE0001 at 1-1.3")

            let (sent, sentReply) = try await Self.post("/devices/scale/zero", port: port)
            #expect(sent == 200, "\(String(describing: sentReply))")
            #expect(sentReply?.result == "sent")
            #expect(scale.written == [[0x02, 0x02]])
            let (scanner, scannerReply) = try await Self.post("/devices/scanner/zero", port: port)
            #expect(scanner == 409)
            #expect(scannerReply?.message.contains("only USB HID POS scales") == true)
            let (spare, spareReply) = try await Self.post("/devices/spare/zero", port: port)
            #expect(spare == 503)
            #expect(
                spareReply?.message.contains("'spare' is not connected") == true, "\(String(describing: spareReply))")
            let (unknown, _) = try await Self.post("/devices/nothing/zero", port: port)
            #expect(unknown == 404)
            #expect(scale.written.count == 1, "refused zero commands send nothing")

            scale.unplug()
            try await log.wait("the reconnection") { scale.opens == 2 && status("scale")?.state == "connected" }
            #expect(status("scale")?.reconnects == 1)
            #expect(status("scale")?.last_error?.contains("LIBUSB_ERROR_NO_DEVICE") == true)
            scale.weigh(0)  // stale after the reopen: dropped
            scale.weigh(0)
            scale.weigh(2000)
            try await log.wait("a second trade after the replug") { log.trades.count == 2 }
            #expect(log.trades[1].draft.grams == 2000)
            await runtime.stop()
            try await group.waitForAll()
        }
    }

    /// Loads `yaml` and returns the error text (empty if it loaded).
    static func errors(_ yaml: String) -> String {
        do {
            _ = try GatewayConfiguration.load(yaml: yaml, file: "u.yaml")
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func usbDeviceSettingsAreReadAndValidated() throws {
        let base = Self.yaml(directory: "/tmp")
        let configuration = try GatewayConfiguration.load(yaml: base, file: "u.yaml")
        let scale = try #require(configuration.device("scale"))
        #expect(scale.transport == .usbHID)
        #expect(scale.kind == .scale)
        #expect(
            scale.port.usbHID?.match
                == USBDeviceMatch(vendorID: 0x0922, productID: 0x8003, serialNumber: "SCALE0001", portPath: "1-1.3"))
        #expect(configuration.device("scanner")?.port.usbHID?.match.serialNumber == nil)

        let serialProtocol = base.replacingOccurrences(of: "protocol: hid-pos-scale\n", with: "protocol: xk3190-a12\n")
        #expect(
            Self.errors(serialProtocol).contains(
                "u.yaml:6: devices[0].protocol: protocol xk3190-a12 cannot be read from a USB HID device"),
            "\(Self.errors(serialProtocol))")
        let baud = base.replacingOccurrences(of: "usb_path: 1-1.3", with: "usb_path: 1-1.3\n    baud: 9600")
        #expect(
            Self.errors(baud).contains("u.yaml:11: devices[0].baud: baud is a serial-line setting"),
            "\(Self.errors(baud))")
        let path = base.replacingOccurrences(of: "usb_path: 1-1.3", with: "path: /dev/hidraw0")
        #expect(
            Self.errors(path).contains("devices[0].path: a USB HID device is found by usb:"), "\(Self.errors(path))")
        let noUSB = base.replacingOccurrences(of: "    usb: \"0922:8003\"\n", with: "")
        #expect(Self.errors(noUSB).contains("devices[0].usb"), "\(Self.errors(noUSB))")
        let badID = base.replacingOccurrences(of: "\"0922:8003\"", with: "\"dymo\"")
        #expect(
            Self.errors(badID).contains("u.yaml:8: devices[0].usb: 'dymo' is not a USB vendor:product id"),
            "\(Self.errors(badID))")
        let badPort = base.replacingOccurrences(of: "usb_path: 1-1.3", with: "usb_path: /dev/bus/usb/001/003")
        #expect(Self.errors(badPort).contains("u.yaml:10: devices[0].usb_path:"), "\(Self.errors(badPort))")
        let badInterface = base.replacingOccurrences(of: "interface: 0", with: "interface: 300")
        #expect(Self.errors(badInterface).contains("devices[1].interface"), "\(Self.errors(badInterface))")
        let simulated = base.replacingOccurrences(of: "usb_path: 1-1.3", with: "simulate: true")
        #expect(
            Self.errors(simulated).contains("devices[0].simulate: USB HID devices cannot be simulated"),
            "\(Self.errors(simulated))")
        let hidOverSerial = base.replacingOccurrences(
            of: "transport: usb-hid\n    usb: \"0922:8003\"\n    serial: SCALE0001\n    usb_path: 1-1.3",
            with: "path: /dev/serial/by-id/usb-scale")
        #expect(
            Self.errors(hidOverSerial).contains(
                "devices[0].protocol: protocol hid-pos-scale is read from a USB HID device"),
            "\(Self.errors(hidOverSerial))")
        let usbOnSerial = base.replacingOccurrences(
            of:
                "protocol: hid-pos-scale\n    transport: usb-hid\n    usb: \"0922:8003\"\n    serial: SCALE0001\n    usb_path: 1-1.3",
            with: "protocol: xk3190-a12\n    path: /dev/serial/by-id/usb-scale\n    usb: \"0922:8003\"")
        #expect(
            Self.errors(usbOnSerial).contains(
                "devices[0].usb: on a serial device usb: names its USB-serial adapter as a mapping"),
            "\(Self.errors(usbOnSerial))")
    }
}
