import DeviceProtocols
import Testing
import TraceModel

@testable import Simulators

/// `USBHIDRecording`: the umockdev files `tracegate-tools simulate usb` writes.
struct USBHIDRecordingTests {
    /// The reports in the replay decode to the requested weights, after a stale first report.
    @Test func scaleReplayDecodesToTheWeights() throws {
        let recording = USBHIDRecording.scale(weights: [1234, 560], serialNumber: "S1")
        let lines = recording.ioctlReplay.split(separator: "\n")
        #expect(lines.first == "@DEV /dev/bus/usb/001/003")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("USBDEVFS_REAPURBNDELAY 0 1 130 0 0 8 6 0 ") })
        let bytes = lines.dropFirst().flatMap { line -> [UInt8] in
            let hex = Array(line.split(separator: " ").last!)
            return stride(from: 0, to: hex.count, by: 2).map { UInt8(String(hex[$0...$0 + 1]), radix: 16)! }
        }
        var decoder = try ProtocolCatalog.makeDecoder(named: "hid-pos-scale")
        let stable = decoder.feed(bytes).compactMap { event -> Int64? in
            if case .weight(let reading) = event, reading.stable { reading.grams } else { nil }
        }
        #expect(stable == [20_000, 1234, 0, 560, 0])
        #expect(recording.deviceDescription.contains("A: idVendor=0922\nA: idProduct=8003\n"))
        #expect(recording.deviceDescription.contains("A: serial=S1\n"))
        #expect(recording.deviceDescription.contains("E: PRODUCT=922/8003/100\n"))
    }

    /// A scanner replay carries 64-byte reports on endpoint 0x83 that decode to the codes.
    @Test func scannerReplayDecodesToTheCodes() throws {
        let recording = USBHIDRecording.scanner(codes: [("6901234567892", "]E0")])
        let line = try #require(recording.ioctlReplay.split(separator: "\n").dropFirst().first)
        #expect(line.hasPrefix("USBDEVFS_REAPURBNDELAY 0 1 131 0 0 64 64 0 "))
        let hex = Array(line.split(separator: " ").last!)
        let bytes = stride(from: 0, to: hex.count, by: 2).map { UInt8(String(hex[$0...$0 + 1]), radix: 16)! }
        var decoder = try ProtocolCatalog.makeDecoder(named: "hid-pos-scanner")
        let scans = decoder.feed(bytes).compactMap { event -> String? in
            if case .barcode(let read) = event { read.data } else { nil }
        }
        #expect(scans == ["6901234567892"])
    }
}
