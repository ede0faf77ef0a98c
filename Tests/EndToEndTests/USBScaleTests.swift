import Foundation
import Testing

/// Whether umockdev's launcher is installed (scripts/install-deps --test installs it).
let umockdevRunInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/umockdev-run")

extension TraceGateProcessTests {
    /// The real `tracegate run` with a USB HID POS scale named by VID:PID + serial number, replayed by
    /// umockdev's usbdevfs ioctl emulation (the Dymo fixture of the DeviceIO tests).
    @Suite(
        "A USB HID scale under umockdev",
        .enabled(if: umockdevRunInstalled, "umockdev is not installed: apt-get install umockdev"))
    struct USBScaleTests {
        /// The DeviceIO tests' usbdevfs fixtures.
        static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DeviceIOTests/Fixtures").path

        /// Sends `signal` to the processes `launcher` started (tracegate under umockdev-run).
        static func signalChildren(of launcher: ChildProcess, _ signal: Int32) {
            let pid = launcher.processIdentifier
            guard let children = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)
            else { return }
            for child in children.split(separator: " ").compactMap({ Int32($0) }) { kill(child, signal) }
        }

        /// A scanner-less stall on the USB scale (default product), a spare USB scale that is not plugged
        /// in, and a serial scale (not plugged in either) for the zero command's refusals.
        static func yaml(ledgerPath: String) -> String {
            """
            node: {code: "330102001", operators: [{code: "3301020010001", name: 张三}]}
            ledger: {path: "\(ledgerPath)"}
            api: {listen: "127.0.0.1:0"}
            devices:
              - {id: usb-scale, protocol: hid-pos-scale, transport: usb-hid, usb: "0922:8003", serial: SCALE0001}
              - {id: spare, protocol: hid-pos-scale, transport: usb-hid, usb: "0922:8003", serial: OTHER}
              - {id: serial-scale, protocol: xk3190-a12, path: /dev/serial/by-id/usb-absent-scale}
            catalogue:
              - {code: "10010001", name: 猪后腿肉, price_fen: 3000}
            stations:
              - {id: stall-1, operator: "3301020010001", scale: usb-scale, default_product: "10010001", stable_ms: 0}
            """
        }

        /// The replay delivers (after the dropped stale report) 10 kg moving, 12.34 kg stable, 0 (stable at
        /// zero), then loops: 100 kg stable, … — so every loop after the first zero is one 100 kg trade.
        @Test("weights from the USB scale become durable trades; zero refusals through the CLI")
        func usbScaleProducesTrades() async throws {
            let directory = try ScratchDirectory("usb-scale")
            defer { directory.remove() }
            let ledgerPath = directory.file("ledger.db")
            let configuration = try directory.write("tracegate.yaml", Self.yaml(ledgerPath: ledgerPath))
            let daemon = try GatewayDaemon(
                configurationPath: configuration, in: directory,
                launcher: [
                    "/usr/bin/umockdev-run", "-d", "\(Self.fixtures)/dymo-scale.umockdev", "-i",
                    "/dev/bus/usb/001/003=\(Self.fixtures)/dymo-scale.ioctl", "--",
                ])
            defer {
                Self.signalChildren(of: daemon.process, SIGKILL)  // SIGKILL to umockdev-run would orphan them
                daemon.kill()
            }
            let port = try await daemon.waitUntilReady()
            let api = LocalAPIProbe(port: port)
            let trades = try await daemon.waitForTrades(1)
            #expect(trades.allSatisfy { $0.station == "stall-1" && $0.product_code == "10010001" })
            #expect(trades.allSatisfy { [100_000, 12_340].contains($0.grams) }, "\(trades.map(\.grams))")
            let devices = try await api.devices()
            let scale = try #require(devices.first { $0.id == "usb-scale" })
            #expect(scale.state == "connected")
            #expect(scale.path == "USB 0922:8003 serial SCALE0001")
            #expect(devices.first { $0.id == "spare" }?.state.hasPrefix("waitingForDevice") == true, "\(devices)")

            // The zero command's refusals (sending one to the replayed scale would abort umockdev's replay,
            // which allows one outstanding URB while the supervisor always has a read pending).
            let base = "http://127.0.0.1:\(port)"
            let serial = try await ChildProcess.run(["zero", "serial-scale", "--api", base], in: directory)
            #expect(serial.status == 3, "\(serial)")
            #expect(serial.standardError.contains("only USB HID POS scales"), "\(serial)")
            let spare = try await ChildProcess.run(["zero", "spare", "--api", base], in: directory)
            #expect(spare.status == 4, "\(spare)")
            #expect(spare.standardError.contains("'spare' is not connected"), "\(spare)")
            let unknown = try await ChildProcess.run(["zero", "nothing", "--api", base], in: directory)
            #expect(unknown.status == 2, "\(unknown)")

            // SIGTERM to tracegate itself: umockdev-run inherits the test runner's blocked signal mask (a
            // Dispatch thread started it) and so never sees, let alone forwards, a SIGTERM sent to it.
            Self.signalChildren(of: daemon.process, SIGTERM)
            #expect(try await daemon.process.waitForExit() == 0, "\(daemon.process.standardErrorTail)")
            let ledger = LedgerCommands(ledgerPath: ledgerPath, directory: directory)
            let stored = try await ledger.trades()
            #expect(stored.count >= trades.count)
            #expect(Array(stored.prefix(trades.count)).map(\.trace_code) == trades.map(\.trace_code))
            let verified = try await ledger.verify()
            #expect(verified.status == 0, "\(verified)")
        }
    }
}
