import Foundation
import Testing

/// The production libusb path (`USBHIDTransport`, `USBHIDDeviceSupervisor`) driven through
/// `tracegate devices read-usb` inside umockdev's usbdevfs replay (testing.md: `H: descriptors=` plus an
/// `.ioctl` file of `USBDEVFS_REAPURBNDELAY` records; the replay loops once it reaches the end).
@Suite(.enabled(if: umockdevInstalled, "umockdev is not installed: apt-get install umockdev libumockdev-dev"))
struct USBHIDUMockdevTests {
    /// Runs `tracegate devices read-usb` with the device `name` (`<name>.umockdev`, `<name>.ioctl`) at `node`.
    static func readUSB(_ name: String, node: String, arguments: [String]) async throws -> ProcessResult {
        let fixtures = UMockdevTests.fixtures
        return try await runProcess(
            "/usr/bin/timeout",
            [
                "-s", "KILL", "30", "umockdev-run", "-d", "\(fixtures)/\(name).umockdev", "-i",
                "\(node)=\(fixtures)/\(name).ioctl", "--", try UMockdevTests.tracegate(), "devices", "read-usb",
                "--seconds", "20",
            ] + arguments)
    }

    /// Weights arrive from a mock HID POS scale; the stale first report (100 kg) is dropped.
    @Test func scaleWeightsArriveAndTheStaleFirstReportIsDropped() async throws {
        let result = try await Self.readUSB(
            "dymo-scale", node: "/dev/bus/usb/001/003",
            arguments: ["--usb", "0922:8003", "--serial", "SCALE0001", "--usb-path", "1-1", "--count", "2"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = try result.jsonLines()
        #expect(lines.first?["state"] as? String == "connected")
        let weights = lines.filter { $0["type"] as? String == "weight" }
        #expect(weights.map { $0["grams"] as? Int } == [10_000, 12_340])
        #expect(weights.map { $0["stable"] as? Bool } == [false, true])
        #expect(lines.first { $0["type"] as? String == "bytes" }?["hex"] as? String == "030303fee803")
    }

    /// The zero command goes out as interrupt OUT `02 02`, which the replay accepts only byte for byte.
    ///
    /// Disabled: umockdev 0.17's ioctl-tree replay keeps a single outstanding URB (`submit_node`, asserted
    /// NULL on each SUBMITURB), but the supervisor always has an interrupt IN read pending, so submitting the
    /// OUT aborts the replay (SIGABRT) unless the IN happened to be reaped first. It passed once by timing.
    @Test(.disabled("umockdev ioctl replay allows only one outstanding URB; see the doc comment"))
    func zeroCommandIsWrittenToTheScale() async throws {
        let result = try await Self.readUSB(
            "dymo-scale", node: "/dev/bus/usb/001/003", arguments: ["--usb", "0922:8003", "--zero", "--count", "3"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = try result.jsonLines()
        #expect(lines.contains { $0["type"] as? String == "zero" && $0["state"] as? String == "sent" })
        #expect(lines.filter { $0["type"] as? String == "weight" }.count == 3)
    }

    /// A device with another serial number or port is not opened: the supervisor waits for it.
    @Test func aDifferentSerialNumberIsNotOpened() async throws {
        let result = try await Self.readUSB(
            "dymo-scale", node: "/dev/bus/usb/001/003",
            arguments: ["--usb", "0922:8003", "--serial", "OTHER", "--seconds", "0.5"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let first = try #require(try result.jsonLines().first)
        #expect(first["state"] as? String == "waitingForDevice")
        #expect((first["reason"] as? String)?.contains("0922:8003 serial OTHER") == true)
    }

    /// A mock HID POS scanner: the AIM scan and a scan continued over two reports arrive, nothing is dropped.
    @Test func scannerReportsArriveAndContinuedReportsJoin() async throws {
        let result = try await Self.readUSB(
            "hid-scanner", node: "/dev/bus/usb/001/004",
            arguments: ["--usb", "0c2e:0b81", "--protocol", "hid-pos-scanner", "--count", "2"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let barcodes = try result.jsonLines().compactMap {
            $0["type"] as? String == "barcode" ? $0["data"] as? String : nil
        }
        #expect(barcodes == ["6901234567892", String(repeating: "0123456789", count: 7)])
    }

    /// `tracegate-tools simulate usb` writes a scale and a scanner that the production libusb path reads back.
    @Test func simulatedUSBDevicesReplayThroughLibusb() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tracegate = try UMockdevTests.tracegate()
        let tools = try UMockdevTests.tools()
        let scaleDirectory = directory.file("scale")
        let made = try await runProcess(
            tools,
            ["simulate", "usb", "--protocol", "hid-pos-scale", "--weights", "1234,560", "--out-dir", scaleDirectory])
        #expect(made.status == 0, "stderr: \(made.stderr)")
        let scale = try await runProcess(
            "/usr/bin/timeout",
            [
                "-s", "KILL", "30", "umockdev-run", "-d", scaleDirectory + "/usb.umockdev", "-i",
                "/dev/bus/usb/001/003=\(scaleDirectory)/usb.ioctl", "--", tracegate, "devices", "read-usb",
                "--seconds", "20", "--usb", "0922:8003", "--serial", "SIMSCALE1", "--count", "5",
            ])
        #expect(scale.status == 0, "stderr: \(scale.stderr)")
        let stable = try scale.jsonLines().filter { $0["type"] as? String == "weight" && $0["stable"] as? Bool == true }
        // The stale first report (20 kg) is discarded; then 1234 g, zero, 560 g.
        #expect(stable.map { $0["grams"] as? Int } == [1234, 0, 560])

        let scannerDirectory = directory.file("scanner")
        let madeScanner = try await runProcess(
            tools,
            [
                "simulate", "usb", "--protocol", "hid-pos-scanner", "--code", "33010200100010000027", "--symbology",
                "]C0", "--out-dir", scannerDirectory,
            ])
        #expect(madeScanner.status == 0, "stderr: \(madeScanner.stderr)")
        let scanner = try await runProcess(
            "/usr/bin/timeout",
            [
                "-s", "KILL", "30", "umockdev-run", "-d", scannerDirectory + "/usb.umockdev", "-i",
                "/dev/bus/usb/001/003=\(scannerDirectory)/usb.ioctl", "--", tracegate, "devices", "read-usb",
                "--seconds", "20", "--usb", "0c2e:0b81", "--protocol", "hid-pos-scanner", "--count", "1",
            ])
        #expect(scanner.status == 0, "stderr: \(scanner.stderr)")
        let barcodes = try scanner.jsonLines().compactMap {
            $0["type"] as? String == "barcode" ? $0["data"] as? String : nil
        }
        #expect(barcodes == ["33010200100010000027"])
    }
}
