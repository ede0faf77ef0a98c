import DeviceIO
import Foundation
import Testing

/// Identity: USB ids, serial numbers and port paths found in (fake) sysfs; never ttyUSB numbers.
@Suite struct DeviceIdentityTests {
    /// A CH340 without serial on port 1-1.4 and an FTDI with serial on 1-1.3, plus a virtual console.
    func twoAdapters() throws -> FakeSysfs {
        let sysfs = try FakeSysfs()
        try sysfs.addAdapter(
            tty: "ttyUSB0", port: "1-1.4", vid: "1a86", pid: "7523", serial: nil, driver: "ch341-uart")
        try sysfs.addAdapter(
            tty: "ttyUSB1", port: "1-1.3", vid: "0403", pid: "6001", serial: "A10K1234", driver: "ftdi_sio")
        try sysfs.addVirtualTTY("tty0")
        return sysfs
    }

    /// The scan finds USB ids, serial, port path, interface and driver, and skips virtual ttys.
    @Test func scanReadsUSBParentsAndSkipsVirtualTTYs() throws {
        let sysfs = try twoAdapters()
        defer { sysfs.root.remove() }
        let ports = SysfsTree(root: sysfs.root.path).serialPorts()
        #expect(ports.map(\.name) == ["ttyUSB0", "ttyUSB1"])
        let ftdi = try #require(ports.last)
        #expect(ftdi.devicePath == "/dev/ttyUSB1")
        #expect(ftdi.usb?.vendorID == "0403")
        #expect(ftdi.usb?.productID == "6001")
        #expect(ftdi.usb?.serial == "A10K1234")
        #expect(ftdi.usb?.port == "1-1.3")
        #expect(ftdi.interfaceNumber == 0)
        #expect(ftdi.driver == "ftdi_sio")
        #expect(ports.first?.usb?.serial == nil)
        #expect(ports.first?.usb?.suggestedMatch == USBSerialMatch(vendorID: "1a86", productID: "7523", port: "1-1.4"))
    }

    /// By serial, by port path (CH340 without serial), and through a tty rename.
    @Test func usbIdentityResolvesBySerialOrPortAndFollowsARename() throws {
        let sysfs = try twoAdapters()
        defer { sysfs.root.remove() }
        let tree = SysfsTree(root: sysfs.root.path)
        let ftdi = DeviceIdentity.usb(USBSerialMatch(vendorID: "0403", productID: "6001", serial: "A10K1234"))
        let ch340 = DeviceIdentity.usb(USBSerialMatch(vendorID: "1A86", productID: "7523", port: "1-1.4"))
        #expect(try ftdi.resolve(in: tree.serialPorts()) == "/dev/ttyUSB1")
        #expect(try ch340.resolve(in: tree.serialPorts()) == "/dev/ttyUSB0")
        // Replugged in another order: the FTDI comes back as ttyUSB0's neighbour ttyUSB5.
        try sysfs.removeTTY("ttyUSB1")
        #expect(throws: DeviceError.self) { try ftdi.resolve(in: tree.serialPorts()) }
        try sysfs.addAdapter(
            tty: "ttyUSB5", port: "1-1.3", vid: "0403", pid: "6001", serial: "A10K1234", driver: "ftdi_sio")
        #expect(try ftdi.resolve(in: tree.serialPorts()) == "/dev/ttyUSB5")
    }

    /// Absent: retryable and says what to do; two identical CH340s: retryable, and the message asks for a port.
    @Test func absentAndAmbiguousIdentitiesExplainThemselves() throws {
        let sysfs = try twoAdapters()
        defer { sysfs.root.remove() }
        try sysfs.addAdapter(tty: "ttyUSB2", port: "1-1.2", vid: "1a86", pid: "7523", serial: nil, driver: "ch341-uart")
        let ports = SysfsTree(root: sysfs.root.path).serialPorts()
        let anyCH340 = DeviceIdentity.usb(USBSerialMatch(vendorID: "1a86", productID: "7523"))
        do {
            _ = try anyCH340.resolve(in: ports)
            Issue.record("two CH340s without a port must not resolve")
        } catch {
            #expect(error.isRetryable)
            #expect(error.message.contains("matches 2 ports"))
            #expect(error.message.contains("port"))
        }
        let absent = DeviceIdentity.usb(USBSerialMatch(vendorID: "10c4", productID: "ea60", serial: "X"))
        do {
            _ = try absent.resolve(in: ports)
            Issue.record("an absent adapter must not resolve")
        } catch {
            #expect(error.isRetryable)
            #expect(error.message.contains("usb 10c4:ea60 serial X"))
            #expect(error.message.contains("tracegate devices"))
        }
    }

    /// Kernel names are flagged; stable links are not.
    @Test func unstableKernelNamesAreRecognised() {
        #expect(DeviceIdentity.isUnstableKernelName("/dev/ttyUSB0"))
        #expect(DeviceIdentity.isUnstableKernelName("/dev/ttyACM12"))
        #expect(!DeviceIdentity.isUnstableKernelName("/dev/serial/by-id/usb-FTDI_FT232R_A10K1234-if00-port0"))
        #expect(!DeviceIdentity.isUnstableKernelName("/dev/tracegate/scale-1"))
        #expect(!DeviceIdentity.isUnstableKernelName("/dev/ttyUSB"))
    }

    /// Candidates: the CH340 gets a port-based suggestion, links are attached, known models named.
    @Test func candidatesCarryModelLinksAndSuggestions() throws {
        let sysfs = try twoAdapters()
        defer { sysfs.root.remove() }
        let dev = try TemporaryDirectory()
        defer { dev.remove() }
        try FileManager.default.createDirectory(
            atPath: dev.path + "/dev/serial/by-id", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: dev.path + "/dev/serial/by-id/usb-FTDI_FT232R_A10K1234-if00-port0",
            withDestinationPath: "../../ttyUSB1")
        let candidates = DeviceCandidate.scan(sysfs: SysfsTree(root: sysfs.root.path), devRoot: dev.path)
        #expect(candidates.count == 2)
        let ch340 = try #require(candidates.first { $0.node == "/dev/ttyUSB0" })
        #expect(ch340.model == "CH340")
        #expect(ch340.suggestion == #"usb: {vid: "1a86", pid: "7523", port: "1-1.4"}"#)
        let ftdi = try #require(candidates.first { $0.node == "/dev/ttyUSB1" })
        #expect(ftdi.links == ["/dev/serial/by-id/usb-FTDI_FT232R_A10K1234-if00-port0"])
        #expect(ftdi.suggestion?.hasPrefix("path: /dev/serial/by-id/usb-FTDI_FT232R_A10K1234-if00-port0") == true)
    }
}
