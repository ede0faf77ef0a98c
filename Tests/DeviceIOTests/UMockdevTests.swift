import Foundation
import Testing

/// Whether umockdev-run is installed (Debian package `umockdev`).
let umockdevInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/umockdev-run")

/// Whether the umockdev GObject bindings for Python are installed (python3-gi, gir1.2-umockdev-1.0).
let umockdevPythonInstalled =
    FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
    && FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/gi")
    && FileManager.default.fileExists(atPath: "/usr/lib/x86_64-linux-gnu/girepository-1.0/UMockdev-1.0.typelib")

/// The production libserialport path, driven through `tracegate devices read` inside umockdev's sandbox.
@Suite(.enabled(if: umockdevInstalled, "umockdev is not installed: apt-get install umockdev libumockdev-dev"))
struct UMockdevTests {
    /// The fixtures folder next to this file.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        .path

    /// The `tracegate` executable built next to the test bundle by `swift build --build-tests`.
    static func tracegate() throws -> String { try executable("tracegate") }

    /// The `tracegate-tools` executable (simulators) built next to the test bundle.
    static func tools() throws -> String { try executable("tracegate-tools") }

    /// The executable `name` built next to the test bundle by `swift build --build-tests`.
    private static func executable(_ name: String) throws -> String {
        var candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
        ]
        if let bundle = Bundle.main.executablePath {
            candidates.append(
                URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent(name).path)
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent(name).path)
            directory = directory.deletingLastPathComponent()
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/\(name)").path)
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestFailure(
                "\(name) executable not found near \(CommandLine.arguments[0]); run `swift build --build-tests` first")
        }
        return found
    }

    /// Compiles the modem-ioctl shim into `directory` and returns the library's path.
    static func buildShim(in directory: TemporaryDirectory) async throws -> String {
        let library = directory.file("libmodemshim.so")
        let result = try await runProcess(
            "/usr/bin/cc", ["-shared", "-fPIC", "-o", library, fixtures + "/modem_ioctl_shim.c", "-ldl"])
        guard result.status == 0 else { throw TestFailure("cc failed: \(result.stderr)") }
        return library
    }

    /// Runs `tracegate devices read` on the mock /dev/ttyUSB0 with `script` replayed by umockdev.
    static func readUnderUMockdev(script: String, arguments: [String]) async throws -> ProcessResult {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let shim = try await buildShim(in: directory)
        try script.write(toFile: directory.file("device.script"), atomically: true, encoding: .utf8)
        // LD_PRELOAD chains the shim in front of umockdev's preload library, which umockdev-run sets.
        let command =
            "LD_PRELOAD=\"\(shim):$LD_PRELOAD\" exec \"$0\" devices read --path /dev/ttyUSB0 --driver libserialport \"$@\""
        return try await runProcess(
            "/usr/bin/timeout",
            [
                "-s", "KILL", "30", "umockdev-run", "-d", fixtures + "/ch340-ttyUSB0.umockdev",
                "-s", "/dev/ttyUSB0=" + directory.file("device.script"), "--", "/bin/sh", "-c", command,
                try tracegate(),
            ] + arguments)
    }

    /// The production libserialport path reads every byte from a mock CH340 USB adapter (umockdev + ioctl shim).
    @Test func libserialportReadsFramesFromAMockUSBAdapter() async throws {
        // An XK3190 tF=0 frame (+20.00, devices.md §1a), then two scanner lines. The device answers a
        // first write instead of sending after a fixed delay: the transport flushes stale input when it
        // opens, so data timed from the open could be flushed on a loaded machine.
        let result = try await Self.readUnderUMockdev(
            script: "w 0 S^M^J\nr 10 ^B+00200021B^C\nr 50 6901234567892^M^J\nr 50 ABC^M^J\n",
            arguments: [
                "--protocol", "lines", "--count", "2", "--seconds", "20", "--poll", "530d0a", "--poll-interval-ms",
                "60000",
            ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = try result.jsonLines()
        #expect(lines.first?["state"] as? String == "connected")
        let hex = lines.compactMap { $0["hex"] as? String }.joined()
        #expect(hex == "022b30303230303032314203" + "363930313233343536373839320d0a" + "4142430d0a")
        let barcodes = lines.compactMap { $0["type"] as? String == "barcode" ? $0["data"] as? String : nil }
        #expect(barcodes == ["\u{2}+00200021B\u{3}6901234567892", "ABC"])
    }

    /// The poll command goes out through libserialport exactly as umockdev's script expects.
    @Test func pollCommandIsWrittenThroughLibserialport() async throws {
        // umockdev aborts (exit 133) unless the program writes exactly "S\r\n" where the script says `w`.
        let result = try await Self.readUnderUMockdev(
            script: "w 0 S^M^J\nr 10 W1^M^J\nw 0 S^M^J\nr 10 W2^M^J\n",
            arguments: [
                "--protocol", "lines", "--count", "2", "--seconds", "20", "--poll", "530d0a", "--poll-interval-ms",
                "100",
            ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let barcodes = try result.jsonLines().compactMap {
            $0["type"] as? String == "barcode" ? $0["data"] as? String : nil
        }
        #expect(barcodes == ["W1", "W2"])
    }

    /// Without the ioctl shim the open failure is explained.
    @Test func withoutTheIoctlShimTheOpenFailureIsExplained() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try "r 0 X^M^J\n".write(toFile: directory.file("device.script"), atomically: true, encoding: .utf8)
        let result = try await runProcess(
            "/usr/bin/timeout",
            [
                "-s", "KILL", "30", "umockdev-run", "-d", Self.fixtures + "/ch340-ttyUSB0.umockdev",
                "-s", "/dev/ttyUSB0=" + directory.file("device.script"), "--", try Self.tracegate(),
                "devices", "read", "--path", "/dev/ttyUSB0", "--driver", "libserialport", "--seconds", "0.5",
            ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let first = try #require(try result.jsonLines().first)
        #expect(first["state"] as? String == "waitingForDevice")
        #expect((first["reason"] as? String)?.contains("/dev/ttyUSB0") == true)
        #expect((first["reason"] as? String)?.contains("modem-control") == true)
    }

    /// Unplug (node, sysfs entry and pty master go) and replug under umockdev: hangup seen, one reconnect.
    @Test(.enabled(if: umockdevPythonInstalled, "python3-gi or gir1.2-umockdev-1.0 is not installed"))
    func unplugAndReplugUnderUMockdevReconnects() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let shim = try await Self.buildShim(in: directory)
        let result = try await runProcess(
            "/usr/bin/timeout",
            [
                "-s", "KILL", "60", "/usr/bin/python3", Self.fixtures + "/umockdev_replug.py",
                Self.fixtures + "/ch340-ttyUSB0.umockdev", shim, try Self.tracegate(),
            ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = try result.jsonLines()
        let states = lines.compactMap { $0["state"] as? String }
        #expect(Array(states.prefix(3)) == ["connected", "waitingForDevice", "connected"])
        let waiting = lines.first { $0["state"] as? String == "waitingForDevice" }
        #expect((waiting?["reason"] as? String)?.contains("/dev/ttyUSB0") == true)
        let reconnected = lines.last { $0["state"] as? String == "connected" }
        #expect(reconnected?["reconnects"] as? Int == 1)
        let barcodes = lines.compactMap { $0["type"] as? String == "barcode" ? $0["data"] as? String : nil }
        #expect(barcodes == ["ONE", "TWO"])
    }

    /// The adapter comes back as ttyUSB1 (same VID:PID:serial): `--usb` still finds it and reconnects.
    @Test(.enabled(if: umockdevPythonInstalled, "python3-gi or gir1.2-umockdev-1.0 is not installed"))
    func renamedTTYStillMapsToTheSameUSBIdentity() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let shim = try await Self.buildShim(in: directory)
        let result = try await runProcess(
            "/usr/bin/timeout",
            [
                "-s", "KILL", "60", "/usr/bin/python3", Self.fixtures + "/umockdev_rename.py",
                Self.fixtures + "/ftdi-ttyUSB0.umockdev", shim, try Self.tracegate(), "0403:6001:A10K1234",
            ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = try result.jsonLines()
        let connected = lines.filter { $0["state"] as? String == "connected" }
        #expect(connected.compactMap { $0["path"] as? String } == ["/dev/ttyUSB0", "/dev/ttyUSB1"])
        #expect(connected.last?["reconnects"] as? Int == 1)
        let barcodes = lines.compactMap { $0["type"] as? String == "barcode" ? $0["data"] as? String : nil }
        #expect(barcodes == ["ONE", "TWO"])
    }

    /// Read help describes the output.
    @Test func readHelpDescribesTheOutput() async throws {
        let result = try await runProcess(try Self.tracegate(), ["devices", "read", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("--path"))
        #expect(result.stdout.contains("--driver"))
        #expect(result.stdout.contains("{\"type\":\"bytes\""))
        #expect(result.stdout.contains("Nothing is ever written to the port unless --poll is given"))
    }
}
