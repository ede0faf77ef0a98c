import CSerialPort
import Glibc

/// A serial port opened and configured through libserialport: the production path for every real device.
///
/// Source: libserialport 0.1.1 (`libserialport.h`), testing.md §Serial. Quirks:
/// - `sp_get_port_by_name` needs the kernel name (/dev/ttyUSB0), not a by-id symlink; we resolve it.
/// - `sp_get_port_by_name` fails with SP_ERR_ARG when `/sys/class/tty/<name>` is missing (bare ptys, or a
///   device node left over after unplug); we report that as "not a serial port libserialport knows".
/// - `sp_open` calls `TIOCMGET`/`TIOCMBIS`, so ptys fail with ENOTTY (tests chain an ioctl shim).
/// - `sp_last_error_message()` is only meaningful after SP_ERR_FAIL; other codes get our own text.
/// - It leaves VMIN=0, so a non-blocking read returns 0 (not EAGAIN) when idle; we set VMIN=1.
/// - We never use `sp_blocking_read` (it waits for the whole count); reads are readiness-driven on the
///   descriptor from `sp_get_port_handle`.
public final class LibSerialPortTransport: SerialTransport {
    /// The device path from the settings.
    public let path: String
    /// The descriptor from `sp_get_port_handle`; -1 once closed.
    public private(set) var fileDescriptor: Int32
    /// Always "libserialport".
    public var driverName: String { "libserialport" }
    /// The libserialport port; nil once closed.
    private var port: OpaquePointer?

    /// Looks the port up, opens it read-write and applies every line setting, naming any the device refuses.
    public init(settings: SerialSettings) throws(DeviceError) {
        try settings.validate()
        let path = settings.path
        var found: OpaquePointer?
        let lookup = sp_get_port_by_name(Self.kernelName(of: path), &found)
        guard lookup == SP_OK, let port = found else {
            if lookup == SP_ERR_ARG {
                throw .unavailable(
                    path: path,
                    "libserialport does not know \(path) as a serial port (no /sys/class/tty entry)"
                        + "; is the device plugged in? for a pseudo-terminal use driver 'termios'")
            }
            throw .unavailable(path: path, "cannot look up \(path): \(Self.describe(lookup))")
        }
        let opened = sp_open(port, SP_MODE_READ_WRITE)
        guard opened == SP_OK else {
            let code = opened == SP_ERR_FAIL ? sp_last_error_code() : 0
            let message = Self.describe(opened)
            sp_free_port(port)
            var hint = openHint(errno: code)
            if code == ENOTTY {
                hint = "; the device rejects modem-control ioctls (a pseudo-terminal? use driver 'termios')"
            }
            throw .unavailable(path: path, "cannot open \(path): \(message)\(hint)")
        }
        var handle: Int32 = -1
        guard sp_get_port_handle(port, &handle) == SP_OK, handle >= 0 else {
            sp_close(port)
            sp_free_port(port)
            throw .unavailable(path: path, "libserialport opened \(path) but gave no file descriptor")
        }
        guard DescriptorReserve.admits(handle) else {
            sp_close(port)
            sp_free_port(port)
            throw .unavailable(path: path, DescriptorReserve.refusal(path: path))
        }
        self.path = path
        self.port = port
        self.fileDescriptor = handle
        do {
            try apply("baud rate \(settings.line.baud)", sp_set_baudrate(port, Int32(settings.line.baud)))
            try apply("data bits \(settings.line.dataBits)", sp_set_bits(port, Int32(settings.line.dataBits)))
            try apply("parity \(settings.line.parity.rawValue)", sp_set_parity(port, Self.parity(settings.line.parity)))
            try apply("stop bits \(settings.line.stopBits)", sp_set_stopbits(port, Int32(settings.line.stopBits)))
            try apply(
                "flow control \(settings.line.flowControl.rawValue)",
                sp_set_flowcontrol(port, Self.flowControl(settings.line.flowControl)))
        } catch {
            close()
            throw error
        }
        // libserialport opens with O_NONBLOCK today; make it explicit because the whole design relies on it.
        let flags = fcntl(handle, F_GETFL)
        if flags >= 0 { _ = fcntl(handle, F_SETFL, flags | O_NONBLOCK) }
        // libserialport leaves VMIN=0/VTIME=0, under which read(2) returns 0 when no byte is waiting,
        // indistinguishable from a hangup. VMIN=1 makes "no data" EAGAIN again (measured under umockdev).
        var options = termios()
        if tcgetattr(handle, &options) == 0 {
            withUnsafeMutableBytes(of: &options.c_cc) { characters in
                characters[Int(VMIN)] = 1
                characters[Int(VTIME)] = 0
            }
            tcsetattr(handle, TCSANOW, &options)
        }
        // Bytes that queued while nobody had the port open are stale readings: drop them, as a
        // fresh connection must only see what the device sends from now on.
        tcflush(handle, TCIFLUSH)
    }

    /// The /dev/ttyXXX a stable symlink (/dev/serial/by-id/…, a udev SYMLINK) points at.
    ///
    /// libserialport 0.1.1 derives the sysfs name from the text after "/dev/", so a by-id path would
    /// look for /sys/class/tty/serial/by-id/… and fail. Only symlinks resolving under /dev (and not to a
    /// pty) are followed; anything else is passed through unchanged.
    static func kernelName(of path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, let resolved = realpath(path, nil) else {
            return path
        }
        defer { free(resolved) }
        let target = String(cString: resolved)
        return target.hasPrefix("/dev/") && !target.hasPrefix("/dev/pts/") ? target : path
    }

    /// Closes and frees the port.
    public func close() {
        guard let port else { return }
        sp_close(port)
        sp_free_port(port)
        self.port = nil
        fileDescriptor = -1
    }

    deinit { close() }

    /// Throws a message naming `setting` when libserialport reports failure.
    private func apply(_ setting: String, _ result: sp_return) throws(DeviceError) {
        guard result != SP_OK else { return }
        let code = result == SP_ERR_FAIL ? sp_last_error_code() : 0
        let message = "\(path) refused \(setting): \(Self.describe(result))"
        // EIO/ENODEV/ENXIO mean the adapter vanished mid-configuration: retry. Anything else is the
        // device or driver rejecting the value, which no amount of waiting fixes.
        if code == EIO || code == ENODEV || code == ENXIO {
            throw .unavailable(path: path, message)
        }
        throw .invalidSetting(path: path, message + "; check the device manual's line settings")
    }

    /// libserialport's message for a failed call.
    static func describe(_ result: sp_return) -> String {
        switch result {
        case SP_ERR_FAIL:
            guard let text = sp_last_error_message() else { return "operating system error" }
            defer { sp_free_error_message(text) }
            return String(cString: text).trimmingCharacters(in: "\r\n ")
        case SP_ERR_ARG: return "invalid argument (libserialport SP_ERR_ARG)"
        case SP_ERR_MEM: return "out of memory (libserialport SP_ERR_MEM)"
        case SP_ERR_SUPP: return "not supported by this device or OS (libserialport SP_ERR_SUPP)"
        default: return "libserialport error \(result.rawValue)"
        }
    }

    /// The libserialport parity constant.
    static func parity(_ parity: SerialSettings.Parity) -> sp_parity {
        switch parity {
        case .none: SP_PARITY_NONE
        case .odd: SP_PARITY_ODD
        case .even: SP_PARITY_EVEN
        case .mark: SP_PARITY_MARK
        case .space: SP_PARITY_SPACE
        }
    }

    /// The libserialport flow-control constant.
    static func flowControl(_ flow: SerialSettings.FlowControl) -> sp_flowcontrol {
        switch flow {
        case .none: SP_FLOWCONTROL_NONE
        case .xonxoff: SP_FLOWCONTROL_XONXOFF
        case .rtscts: SP_FLOWCONTROL_RTSCTS
        case .dtrdsr: SP_FLOWCONTROL_DTRDSR
        }
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    fileprivate func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
