import CLibUSB
import Foundation
import Synchronization

/// An open, claimed HID interface of one USB device, read and written with asynchronous libusb transfers.
///
/// Opening finds the device by `USBDeviceMatch`, detaches the kernel's usbhid driver from the interface
/// (remembering to give it back on `close`), claims the interface and finds its interrupt endpoints.
/// Reports are read from interrupt IN; output reports go to interrupt OUT when the interface has one, else
/// as a HID SET_REPORT control transfer (devices.md §2: the zero command is output report 2).
///
/// `@unchecked Sendable`: the handle and endpoint numbers are set once in `init`; libusb handles are
/// thread-safe; `state` (a Mutex) makes `close` wait for transfers in flight and refuse new ones, so a
/// handle is never used after `libusb_close`.
public final class USBHIDTransport: @unchecked Sendable {
    /// The device as configured, for messages.
    public let device: String
    /// The port path the device was found at, e.g. `1-1.3`.
    public let portPath: String
    /// The open handle.
    private let handle: OpaquePointer
    /// The claimed interface.
    private let interfaceNumber: Int32
    /// Interrupt IN endpoint address.
    private let inEndpoint: UInt8
    /// Its wMaxPacketSize: the length of each read transfer.
    private let inPacketSize: Int
    /// Interrupt OUT endpoint address, if the interface has one.
    private let outEndpoint: UInt8?
    /// Whether the kernel driver was detached and must be reattached on close.
    private let detachedKernelDriver: Bool
    /// Transfers in flight and whether the transport is closed.
    private let state = Mutex<(inFlight: Int, closed: Bool)>((0, false))

    /// Opens the first device `match` accepts and claims HID interface `interfaceNumber`.
    ///
    /// - Throws: `DeviceError`, retryable unless the device has no interrupt IN endpoint on that interface.
    public static func open(
        _ match: USBDeviceMatch, interfaceNumber: Int = 0, context: USBContext
    ) throws(DeviceError) -> USBHIDTransport {
        let name = match.description
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context.context, &list)
        guard count >= 0, let list else {
            throw DeviceError.libusb(Int32(count), "listing USB devices for", device: name)
        }
        defer { libusb_free_device_list(list, 1) }
        var found: (device: OpaquePointer, path: String)?
        for index in 0..<Int(count) {
            guard let candidate = list[index] else { continue }
            var descriptor = libusb_device_descriptor()
            guard libusb_get_device_descriptor(candidate, &descriptor) == 0 else { continue }
            let path = portPath(of: candidate)
            if match.matches(
                vendorID: descriptor.idVendor, productID: descriptor.idProduct, portPath: path,
                serialNumber: { sysfsAttribute(path, "serial") })
            {
                found = (candidate, path)
                break
            }
        }
        guard let found else {
            throw DeviceError.unavailable(
                path: name,
                "\(name) is not connected (no matching device on the USB bus); plug it in or check vid/pid/serial/usb_path"
            )
        }
        let layout = try endpoints(of: found.device, interfaceNumber: interfaceNumber, name: name)
        var opened: OpaquePointer?
        let status = libusb_open(found.device, &opened)
        guard status == 0, let handle = opened else { throw DeviceError.libusb(status, "opening", device: name) }
        // Detach usbhid ourselves instead of libusb's auto-detach: the same effect, and we know to reattach.
        var detached = false
        if libusb_kernel_driver_active(handle, Int32(interfaceNumber)) == 1 {
            let detach = libusb_detach_kernel_driver(handle, Int32(interfaceNumber))
            guard detach == 0 else {
                libusb_close(handle)
                throw DeviceError.libusb(detach, "detaching the kernel driver (usbhid) from", device: name)
            }
            detached = true
        }
        let claim = libusb_claim_interface(handle, Int32(interfaceNumber))
        guard claim == 0 else {
            if detached { _ = libusb_attach_kernel_driver(handle, Int32(interfaceNumber)) }
            libusb_close(handle)
            throw DeviceError.libusb(claim, "claiming interface \(interfaceNumber) of", device: name)
        }
        return USBHIDTransport(
            device: name, portPath: found.path, handle: handle, interfaceNumber: Int32(interfaceNumber),
            inEndpoint: layout.inEndpoint, inPacketSize: layout.inPacketSize, outEndpoint: layout.outEndpoint,
            detachedKernelDriver: detached)
    }

    /// Stores an opened device.
    private init(
        device: String, portPath: String, handle: OpaquePointer, interfaceNumber: Int32, inEndpoint: UInt8,
        inPacketSize: Int, outEndpoint: UInt8?, detachedKernelDriver: Bool
    ) {
        self.device = device
        self.portPath = portPath
        self.handle = handle
        self.interfaceNumber = interfaceNumber
        self.inEndpoint = inEndpoint
        self.inPacketSize = inPacketSize
        self.outEndpoint = outEndpoint
        self.detachedKernelDriver = detachedKernelDriver
    }

    /// Waits for the next input report (one interrupt transfer; the report id is its first byte).
    ///
    /// - Parameter timeout: give up after this long with a `timedOut` error; nil waits forever.
    /// - Throws: `CancellationError` when the task is cancelled; `DeviceError` when the transfer fails
    ///   (after an unplug: "… LIBUSB_ERROR_NO_DEVICE …").
    public func readReport(timeout: Duration? = nil) async throws -> [UInt8] {
        let milliseconds = timeout.map { UInt32(clamping: $0.components.seconds * 1000 + 1) } ?? 0
        let outcome = try await transfer(
            endpoint: inEndpoint, type: LIBUSB_TRANSFER_TYPE_INTERRUPT, payload: [], length: inPacketSize,
            timeoutMilliseconds: milliseconds, what: "reading from")
        return outcome
    }

    /// Sends an output report (report id first, e.g. `02 02` to zero a scale).
    ///
    /// - Throws: `DeviceError` when the transfer fails or the transport is closed.
    public func writeOutputReport(_ report: [UInt8]) async throws {
        if let outEndpoint {
            _ = try await transfer(
                endpoint: outEndpoint, type: LIBUSB_TRANSFER_TYPE_INTERRUPT, payload: report, length: report.count,
                timeoutMilliseconds: 1000, what: "writing to")
            return
        }
        // HID SET_REPORT (class request 0x09 to the interface), wValue = report type Output (2) << 8 | id.
        let reportID = UInt16(report.first ?? 0)
        let setup: [UInt8] = [
            0x21, 0x09, UInt8(reportID & 0xFF), 0x02, UInt8(interfaceNumber & 0xFF), 0x00,
            UInt8(report.count & 0xFF), UInt8(report.count >> 8),
        ]
        _ = try await transfer(
            endpoint: 0, type: LIBUSB_TRANSFER_TYPE_CONTROL, payload: setup + report,
            length: setup.count + report.count,
            timeoutMilliseconds: 1000, what: "sending SET_REPORT to")
    }

    /// Releases the interface, gives the kernel driver back and closes the device, after cancelling and
    /// waiting for any transfer still in flight.
    public func close() async {
        let alreadyClosed = state.withLock { state in
            defer { state.closed = true }
            return state.closed
        }
        guard !alreadyClosed else { return }
        // Transfers belong to tasks that are being cancelled; they finish within a poll cycle.
        for _ in 0..<200 where state.withLock({ $0.inFlight }) > 0 {
            try? await Task.sleep(for: .milliseconds(5))
        }
        _ = libusb_release_interface(handle, interfaceNumber)
        if detachedKernelDriver { _ = libusb_attach_kernel_driver(handle, interfaceNumber) }
        libusb_close(handle)
    }

    /// Runs one transfer, counting it in flight.
    private func transfer(
        endpoint: UInt8, type: libusb_transfer_type, payload: [UInt8], length: Int, timeoutMilliseconds: UInt32,
        what: String
    ) async throws -> [UInt8] {
        let admitted = state.withLock { state in
            guard !state.closed else { return false }
            state.inFlight += 1
            return true
        }
        guard admitted else { throw DeviceError.unavailable(path: device, "\(device) is closed (reconnecting)") }
        defer { state.withLock { $0.inFlight -= 1 } }
        let transfer = USBTransfer(
            handle: handle, endpoint: endpoint, type: type, payload: payload, length: length,
            timeoutMilliseconds: timeoutMilliseconds)
        switch await transfer.run() {
        case .failure(let failure):
            throw DeviceError.libusb(failure.code, what, device: device, kind: .io)
        case .success(let outcome):
            switch outcome.status {
            case LIBUSB_TRANSFER_COMPLETED.rawValue: return outcome.bytes
            case LIBUSB_TRANSFER_CANCELLED.rawValue: throw CancellationError()
            case LIBUSB_TRANSFER_TIMED_OUT.rawValue:
                throw DeviceError(kind: .timedOut, path: device, message: "no report from \(device) in time")
            case LIBUSB_TRANSFER_NO_DEVICE.rawValue:
                throw DeviceError.libusb(Int32(LIBUSB_ERROR_NO_DEVICE.rawValue), what, device: device, kind: .io)
            case LIBUSB_TRANSFER_STALL.rawValue:
                throw DeviceError(
                    kind: .io, path: device, message: "\(what) \(device): the endpoint stalled; replug the device")
            default:
                throw DeviceError(
                    kind: .io, path: device,
                    message: "\(what) \(device) failed (transfer status \(outcome.status)); check the cable")
            }
        }
    }

    /// The interrupt endpoints of `interfaceNumber` in the active (or first) configuration.
    private static func endpoints(of device: OpaquePointer, interfaceNumber: Int, name: String) throws(DeviceError)
        -> (inEndpoint: UInt8, inPacketSize: Int, outEndpoint: UInt8?)
    {
        var config: UnsafeMutablePointer<libusb_config_descriptor>?
        var status = libusb_get_active_config_descriptor(device, &config)
        if status != 0 { status = libusb_get_config_descriptor(device, 0, &config) }
        guard status == 0, let config else {
            throw DeviceError.libusb(status, "reading the configuration descriptor of", device: name)
        }
        defer { libusb_free_config_descriptor(config) }
        var inEndpoint: (UInt8, Int)?
        var outEndpoint: UInt8?
        for index in 0..<Int(config.pointee.bNumInterfaces) {
            let interface = config.pointee.interface[index]
            guard interface.num_altsetting > 0 else { continue }
            let setting = interface.altsetting[0]
            guard Int(setting.bInterfaceNumber) == interfaceNumber else { continue }
            for endpointIndex in 0..<Int(setting.bNumEndpoints) {
                let endpoint = setting.endpoint[endpointIndex]
                guard endpoint.bmAttributes & 0x03 == UInt8(LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue) else { continue }
                if endpoint.bEndpointAddress & 0x80 != 0 {
                    if inEndpoint == nil { inEndpoint = (endpoint.bEndpointAddress, Int(endpoint.wMaxPacketSize)) }
                } else if outEndpoint == nil {
                    outEndpoint = endpoint.bEndpointAddress
                }
            }
        }
        guard let inEndpoint else {
            throw DeviceError.invalidSetting(
                path: name, "\(name) has no interrupt IN endpoint on interface \(interfaceNumber); is it a HID device?")
        }
        return (inEndpoint.0, max(inEndpoint.1, 1), outEndpoint)
    }

    /// `<bus>-<port>.<port>…` as the kernel names the device in /sys/bus/usb/devices; `usb<bus>` for root hubs.
    static func portPath(of device: OpaquePointer) -> String {
        let bus = libusb_get_bus_number(device)
        var ports = [UInt8](repeating: 0, count: 8)
        let count = libusb_get_port_numbers(device, &ports, Int32(ports.count))
        guard count > 0 else { return "usb\(bus)" }
        return "\(bus)-" + ports.prefix(Int(count)).map(String.init).joined(separator: ".")
    }

    /// A sysfs attribute of the USB device at `portPath` (trailing newline removed), as udev reads it.
    /// Reading sysfs costs no USB traffic, unlike a string-descriptor request.
    static func sysfsAttribute(_ portPath: String, _ attribute: String) -> String? {
        guard let text = try? String(contentsOfFile: "/sys/bus/usb/devices/\(portPath)/\(attribute)", encoding: .utf8)
        else { return nil }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
