import Foundation
import Testing

@testable import DeviceIO

/// The production evdev path (`EvdevTransport`, `InputDeviceSupervisor`), driven through
/// `tracegate devices input` inside umockdev's sandbox with files from `tracegate-tools simulate keyboard`.
///
/// Measured with umockdev 0.17: EVIOCGRAB is accepted with no record in the .ioctl file (the grab cannot
/// be observed in the sandbox, so the test checks the transport reports it taken); EVIOCGNAME and
/// EVIOCGLED are answered from the .ioctl file.
@Suite(.enabled(if: umockdevInstalled, "umockdev is not installed: apt-get install umockdev libumockdev-dev"))
struct EvdevUMockdevTests {
    /// The by-id link the simulated device gets.
    static let byID = "/dev/input/by-id/usb-TraceGate_Simulated_Wedge-event-kbd"

    /// Writes the umockdev files for `arguments` (simulate keyboard options) into `directory`.
    static func simulate(_ arguments: [String], in directory: TemporaryDirectory) async throws {
        let result = try await runProcess(
            try UMockdevTests.tools(),
            ["simulate", "keyboard", "--out-dir", directory.file("kbd")] + arguments)
        guard result.status == 0 else { throw TestFailure("simulate keyboard failed: \(result.stderr)") }
    }

    /// Replays the files with `tracegate devices input --path <by-id> …` under umockdev.
    static func replay(_ arguments: [String], in directory: TemporaryDirectory) async throws -> ProcessResult {
        let files = directory.file("kbd")
        return try await runProcess(
            "/usr/bin/timeout",
            [
                "-s", "KILL", "30", "umockdev-run", "-d", files + "/kbd.umockdev",
                "-i", "/dev/input/event7=" + files + "/kbd.ioctl", "-e", "/dev/input/event7=" + files + "/kbd.events",
                "--", try UMockdevTests.tracegate(), "devices", "input", "--path", byID, "--seconds", "20",
            ] + arguments)
    }

    /// A keyboard-wedge scanner: Shift, Caps Lock (LED on at open), the by-id link and the grab; every
    /// barcode arrives as typed.
    @Test func wedgeScannerReadsBarcodesWithShiftAndCapsLock() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.simulate(
            ["--text", "6901234567892", "--text", "]C1Hello-World_01", "--text", "abc", "--caps-lock"], in: directory)
        let result = try await Self.replay(["--count", "3"], in: directory)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = try result.jsonLines()
        #expect(lines.first?["state"] as? String == "connected")
        let device = lines.first { $0["type"] as? String == "device" }
        #expect(device?["name"] as? String == "TraceGate Simulated Keyboard Wedge")
        #expect(device?["grabbed"] as? Bool == true)
        let barcodes = lines.compactMap { $0["type"] as? String == "barcode" ? $0["data"] as? String : nil }
        #expect(barcodes == ["6901234567892", "Hello-World_01", "abc"])
        #expect(!lines.contains { $0["type"] as? String == "frameError" })
    }

    /// A keyboard card reader typing a MIFARE UID in little-endian decimal: the tag is the UID.
    @Test func keyboardCardReaderGivesTheUID() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.simulate(
            ["--uid", "8B0D4F49", "--uid-format", "decimal", "--byte-order", "lsb-first", "--terminator-key", "tab"],
            in: directory)
        let result = try await Self.replay(
            [
                "--protocol", "iso14443-keyboard", "--byte-order", "lsb-first", "--terminator-key", "tab", "--count",
                "1",
            ], in: directory)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let tags = try result.jsonLines().compactMap { $0["type"] as? String == "tag" ? $0["data"] as? String : nil }
        #expect(tags == ["8B0D4F49"])
    }

    /// A missing device is waited for with a message naming the path.
    @Test func missingDeviceIsWaitedFor() async throws {
        let result = try await runProcess(
            try UMockdevTests.tracegate(),
            ["devices", "input", "--path", "/dev/input/by-id/nonexistent-event-kbd", "--seconds", "0.3"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let first = try #require(try result.jsonLines().first)
        #expect(first["state"] as? String == "waitingForDevice")
        #expect((first["reason"] as? String)?.contains("ls -l /dev/input/by-id/") == true)
    }

    /// Unplug and replug under umockdev: end of file seen, the node comes back, one reconnect.
    @Test(.enabled(if: umockdevPythonInstalled, "python3-gi or gir1.2-umockdev-1.0 is not installed"))
    func unplugAndReplugReconnects() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.simulate(["--text", "unused"], in: directory)
        let result = try await runProcess(
            "/usr/bin/timeout",
            [
                "-s", "KILL", "60", "/usr/bin/python3", UMockdevTests.fixtures + "/umockdev_evdev_replug.py",
                directory.file("kbd"), try UMockdevTests.tracegate(),
            ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = try result.jsonLines()
        let states = lines.compactMap { $0["state"] as? String }
        #expect(Array(states.prefix(3)) == ["connected", "waitingForDevice", "connected"])
        let reconnected = lines.last { $0["state"] as? String == "connected" }
        #expect(reconnected?["reconnects"] as? Int == 1)
        let barcodes = lines.compactMap { $0["type"] as? String == "barcode" ? $0["data"] as? String : nil }
        #expect(barcodes == ["ONE", "TWO"])
    }
}

/// Link resolution of input device paths, without umockdev.
@Suite struct InputDevicePathTests {
    /// A by-id style relative link resolves to its node; a node name is not followed.
    @Test func relativeLinksResolve() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.file("by-id"), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: directory.file("event3"), contents: Data()))
        try FileManager.default.createSymbolicLink(
            atPath: directory.file("by-id/usb-x-event-kbd"), withDestinationPath: "../event3")
        #expect(InputDevicePath.resolve(directory.file("by-id/usb-x-event-kbd")) == directory.file("event3"))
        #expect(InputDevicePath.resolve("/dev/input/event3") == "/dev/input/event3")
        #expect(AbsolutePath.normalize("/dev/input/by-id/../event3") == "/dev/input/event3")
        #expect(InputDevicePath.isEventNode("/dev/input/event12") && !InputDevicePath.isEventNode("/dev/input/mice"))
    }
}
