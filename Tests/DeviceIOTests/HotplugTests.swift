import DeviceIO
import Foundation
import Synchronization
import Testing

/// A hotplug source fed by the test.
struct InjectedHotplugSource: HotplugEventSource {
    /// Events the test sends.
    let events: AsyncStream<HotplugEvent>
    /// "test".
    var name: String { "test" }

    /// Delivers the injected events until the stream ends or the task is cancelled.
    func run(deliver: @escaping @Sendable (HotplugEvent) async -> Void) async throws {
        for await event in events { await deliver(event) }
    }
}

/// Uevent parsing, the sysfs rescan fallback, and supervisors woken by arrivals.
@Suite struct HotplugTests {
    /// The kernel's netlink format: "add@/devices/…" then NUL-separated KEY=value.
    @Test func parsesKernelUevents() throws {
        let text =
            "add@/devices/usb1/1-1/1-1:1.0/ttyUSB0/tty/ttyUSB0\0ACTION=add\0"
            + "DEVPATH=/devices/usb1/1-1/1-1:1.0/ttyUSB0/tty/ttyUSB0\0SUBSYSTEM=tty\0MAJOR=188\0MINOR=0\0DEVNAME=ttyUSB0\0SEQNUM=4242\0"
        let event = try #require(HotplugEvent(datagram: Array(text.utf8)))
        #expect(event.action == .add)
        #expect(event.subsystem == "tty")
        #expect(event.deviceNode == "/dev/ttyUSB0")
        #expect(event.devicePath.hasSuffix("/tty/ttyUSB0"))
        #expect(event.properties["SEQNUM"] == "4242")
        #expect(HotplugEvent(datagram: Array("garbage\0without=fields\0".utf8)) == nil)
        #expect(HotplugEvent(datagram: []) == nil)
    }

    /// udevd's "libudev" format: a header with the properties' offset and length.
    @Test func parsesLibudevMonitorMessages() throws {
        let properties = Array("ACTION=remove\0DEVPATH=/devices/x/ttyUSB3\0SUBSYSTEM=tty\0DEVNAME=/dev/ttyUSB3\0".utf8)
        var header = Array("libudev".utf8) + [0]
        func u32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
        header += [0xFE, 0xED, 0xCA, 0xFE] + u32(40) + u32(40) + u32(properties.count)
        header += [UInt8](repeating: 0, count: 40 - header.count)
        let event = try #require(HotplugEvent(datagram: header + properties))
        #expect(event.action == .remove)
        #expect(event.deviceNode == "/dev/ttyUSB3")
        var truncated = header
        truncated[20] = 0xFF  // properties_len beyond the datagram
        #expect(HotplugEvent(datagram: truncated + properties) == nil)
    }

    /// Without any uevent, the rescan turns sysfs differences into add and remove events.
    @Test func rescanSynthesisesAddAndRemove() async throws {
        let sysfs = try FakeSysfs()
        defer { sysfs.root.remove() }
        try sysfs.addAdapter(tty: "ttyUSB0", port: "1-1.4", vid: "1a86", pid: "7523", serial: nil, driver: "ch341-uart")
        let monitor = DeviceEventMonitor(sources: [], sysfs: SysfsTree(root: sysfs.root.path), rescanInterval: nil)
        let events = monitor.subscribe()
        monitor.rescan()  // the first scan records what is there
        try sysfs.addAdapter(tty: "ttyUSB1", port: "1-1.3", vid: "0403", pid: "6001", serial: "S", driver: "ftdi_sio")
        try sysfs.removeTTY("ttyUSB0")
        monitor.rescan()
        var seen: [String] = []
        for await event in events {
            seen.append("\(event.action) \(event.deviceNode ?? "")")
            if seen.count == 2 { break }
        }
        #expect(seen.sorted() == ["add /dev/ttyUSB1", "remove /dev/ttyUSB0"])
    }

    /// The real kernel socket: a synthetic "change" uevent for the loopback interface (root only; harmless)
    /// arrives through `NetlinkUeventSource`.
    @Test(
        .enabled(
            if: getuid() == 0 && FileManager.default.isWritableFile(atPath: "/sys/class/net/lo/uevent"),
            "needs root to trigger a synthetic uevent"))
    func netlinkSourceReceivesKernelUevents() async throws {
        let monitor = DeviceEventMonitor(sources: [NetlinkUeventSource()], rescanInterval: nil)
        let events = monitor.subscribe()
        // Each child returns nil when it gives up; the first event seen wins.
        let seen = try await withThrowingTaskGroup(of: HotplugEvent?.self) { group in
            group.addTask {
                await monitor.run()
                return nil
            }
            group.addTask {
                for await event in events where event.subsystem == "net" && event.devicePath.hasSuffix("/lo") {
                    return event
                }
                return nil
            }
            group.addTask {
                // Retrigger until the event is seen (the first write may come before the socket is bound).
                for _ in 0..<50 {
                    try "change".write(toFile: "/sys/class/net/lo/uevent", atomically: false, encoding: .utf8)
                    try await Task.sleep(for: .milliseconds(100))
                }
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        #expect(seen?.action == .change)
        #expect(seen?.deviceNode == nil)
    }

    /// A supervisor with a 60 s backoff connects at once when a matching "add" arrives.
    @Test func arrivalWakesASupervisorWaitingOutItsBackoff() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("scale")
        let (events, inject) = AsyncStream.makeStream(of: HotplugEvent.self)
        let monitor = DeviceEventMonitor(sources: [InjectedHotplugSource(events: events)], rescanInterval: nil)
        let log = UpdateLog()
        let configuration = SerialDeviceConfiguration(
            id: "scale-1", settings: SerialSettings(path: path), silenceTimeout: nil,
            backoff: ReconnectBackoff(initial: .seconds(60), maximum: .seconds(60), jitter: 0))
        let supervisor = SerialDeviceSupervisor(
            configuration: configuration, logger: quietLogger, arrivals: monitor, makeDecoder: { LineTestDecoder() },
            sink: log.sink)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await monitor.run() }
            try await withRunning(supervisor) {
                #expect(await eventually { supervisor.status.state.name == "waitingForDevice" })
                #expect(await eventually { monitor.subscriberCount == 1 })
                // An unrelated arrival (a keyboard) is not a serial port: the wait goes on.
                inject.yield(HotplugEvent(action: .add, devicePath: "/devices/x/input5", subsystem: "input"))
                let pty = try PseudoTerminal(symlinkPath: path)
                defer { pty.close() }
                inject.yield(
                    HotplugEvent(
                        action: .add, devicePath: "/devices/x/ttyUSB0/tty/ttyUSB0", subsystem: "tty",
                        deviceNode: "/dev/ttyUSB0"))
                // Without the wake-up this would take the full 60 s backoff (and hit eventually's limit).
                #expect(await eventually { supervisor.status.state == .connected })
                try await pty.write(ascii("HELLO\r\n"))
                #expect(await eventually { log.barcodes == ["HELLO"] })
            }
            inject.finish()
            group.cancelAll()
        }
    }
}
