import Glibc

/// An evdev input device (`/dev/input/event*`) opened for a keyboard-wedge scanner or card reader.
///
/// Source: devices.md §3a. Opens the configured path (a `/dev/input/by-id/…-event-kbd` or
/// `/dev/input/by-path/…` link is resolved to its event node, see `InputDevicePath`), non-blocking, reads the device name (EVIOCGNAME) and the
/// Caps Lock LED (EVIOCGLED), and grabs the device exclusively (EVIOCGRAB) so its keystrokes never reach
/// a console or another program — a scanned barcode typed into a root shell would be a disaster. Closing
/// releases the grab. Reads return whole `struct input_event` records (the kernel never splits one); an
/// unplugged device returns ENODEV, which `readAvailable` reports as a hangup. Works headless: nothing
/// here needs X11 or a seat.
public final class EvdevTransport: SerialTransport {
    /// The configured path.
    public let path: String
    /// The event node the path resolved to, e.g. `/dev/input/event7`.
    public let nodePath: String
    /// The descriptor; -1 once closed.
    public private(set) var fileDescriptor: Int32
    /// The device's name (EVIOCGNAME), nil when it did not say.
    public let deviceName: String?
    /// Caps Lock state at open (EVIOCGLED); false when the device has no LEDs.
    public let capsLock: Bool
    /// Whether the device is grabbed.
    public private(set) var grabbed: Bool
    /// Always "evdev".
    public var driverName: String { "evdev" }

    /// Opens and (unless `grab` is false) grabs the device.
    ///
    /// - Throws: `DeviceError`, retryable when the device is missing, busy (grabbed by another
    ///   program) or not yet accessible; not retryable when the path is not an input device.
    public init(path: String, grab: Bool = true) throws(DeviceError) {
        self.path = path
        let node = InputDevicePath.resolve(path)
        nodePath = node
        var info = stat()
        if stat(node, &info) != 0 {
            let code = errno
            throw .unavailable(
                path: path,
                "waiting for \(path): \(String(cString: strerror(code)))"
                    + (code == ENOENT ? "; is the device plugged in? check `ls -l /dev/input/by-id/`" : ""))
        }
        guard info.st_mode & 0o170000 == 0o020000 else {  // S_IFMT, S_IFCHR
            throw .invalidSetting(path: path, "\(path) is not a character device; point 'path' at /dev/input/…")
        }
        let fd = Glibc.open(node, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            let hint =
                code == EACCES || code == EPERM
                ? "; add the gateway user to group 'input' (or give the device group 'tracegate' in a udev rule)"
                : code == EMFILE || code == ENFILE ? descriptorHint(errno: code) : ""
            throw .unavailable(path: path, "cannot open \(path): \(String(cString: strerror(code)))\(hint)")
        }
        guard DescriptorReserve.admits(fd) else {
            Glibc.close(fd)
            throw .unavailable(path: path, DescriptorReserve.refusal(path: path))
        }
        switch EvdevIoctl.name(of: fd) {
        case .success(let name): deviceName = name.isEmpty ? nil : name
        case .failure(let error) where error.code == ENOTTY || error.code == EINVAL:
            Glibc.close(fd)
            throw .invalidSetting(
                path: path,
                "\(path) is not an evdev input device (EVIOCGNAME: \(error)); use /dev/input/by-id/…-event-kbd")
        case .failure: deviceName = nil
        }
        capsLock = (try? EvdevIoctl.capsLock(of: fd).get()) ?? false
        if grab, let error = EvdevIoctl.setGrab(fd, true) {
            Glibc.close(fd)
            throw .unavailable(
                path: path,
                "cannot grab \(path) exclusively: \(error)"
                    + (error.code == EBUSY ? "; another program (a second gateway? evtest -g?) holds the grab" : ""))
        }
        grabbed = grab
        fileDescriptor = fd
    }

    /// Releases the grab and closes the descriptor; idempotent.
    public func close() {
        guard fileDescriptor >= 0 else { return }
        // An unplugged device refuses the release with ENODEV; the grab died with it, so that is fine.
        if grabbed { _ = EvdevIoctl.setGrab(fileDescriptor, false) }
        grabbed = false
        Glibc.close(fileDescriptor)
        fileDescriptor = -1
    }

    deinit { close() }
}
