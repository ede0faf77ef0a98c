import ArgumentParser
import Foundation
import Simulators

extension SimulateCommand {
    /// `simulate usb`: the umockdev files of a USB HID POS scale or scanner.
    struct USB: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "usb",
            abstract: "Write the umockdev files of a USB HID POS scale or scanner sending the given weights or codes.",
            discussion: """
                A USB device cannot be faked on a pseudo-terminal, so this writes usb.umockdev (sysfs and USB
                descriptors) and usb.ioctl (a usbdevfs replay of its reports) into --out-dir and prints how to
                replay them through the production libusb transport, e.g.:
                  tracegate-tools simulate usb --protocol hid-pos-scale --weights 1234,560 --out-dir /tmp/usb
                  umockdev-run -d /tmp/usb/usb.umockdev -i /dev/bus/usb/001/003=/tmp/usb/usb.ioctl -- \\
                    tracegate devices read-usb --usb 0922:8003 --protocol hid-pos-scale --count 4
                The replay starts over when it reaches the end.
                """)

        @Option(name: .customLong("protocol"), help: "hid-pos-scale or hid-pos-scanner.")
        var protocolName: String = "hid-pos-scale"

        @Option(help: "Scale: comma-separated weights in grams, each sent in motion, stable, then back to zero.")
        var weights: String?

        @Option(help: "Scanner: a barcode to send (repeatable).")
        var code: [String] = []

        @Option(help: "Scanner: the AIM symbology identifier sent with each code.")
        var symbology: String = "]E0"

        @Option(help: "USB serial number reported in sysfs.")
        var serial: String?

        @Option(help: "Directory for usb.umockdev and usb.ioctl (created if missing).")
        var outDir: String

        func run() throws {
            let recording: USBHIDRecording
            switch USBHIDRecording.Device(rawValue: protocolName) {
            case .scale:
                let grams = try (weights ?? "").split(separator: ",").map { text -> Int64 in
                    guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), (1...65_535).contains(value)
                    else {
                        throw ValidationError(
                            "--weights: '\(text)' is not a weight in grams (1…65535, the report's range at gram resolution)."
                        )
                    }
                    return value
                }
                guard !grams.isEmpty else { throw ValidationError("--weights: give at least one weight in grams.") }
                recording = .scale(weights: grams, serialNumber: serial ?? "SIMSCALE1")
            case .scanner:
                guard !code.isEmpty else { throw ValidationError("--code: give at least one barcode.") }
                recording = .scanner(codes: code.map { ($0, symbology) }, serialNumber: serial ?? "SIMSCAN1")
            case nil:
                throw ValidationError("--protocol must be hid-pos-scale or hid-pos-scanner (got '\(protocolName)').")
            }
            try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
            let description = outDir + "/usb.umockdev"
            let replay = outDir + "/usb.ioctl"
            try Data(recording.deviceDescription.utf8).write(to: URL(fileURLWithPath: description))
            try Data(recording.ioctlReplay.utf8).write(to: URL(fileURLWithPath: replay))
            let (vendor, product) = recording.vendorProduct
            print(
                "umockdev-run -d \(description) -i \(USBHIDRecording.node)=\(replay) -- "
                    + "tracegate devices read-usb --usb \(vendor):\(product) --protocol \(protocolName)")
        }
    }
}
