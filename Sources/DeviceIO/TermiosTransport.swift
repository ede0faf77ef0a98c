import Glibc

/// A serial port opened and configured with plain termios.
///
/// Exists for pseudo-terminals (simulators, tests): libserialport 0.1.1 refuses them because it looks
/// for `/sys/class/tty/<name>` and calls the modem-line ioctls `TIOCMGET`/`TIOCMBIS`, which the pty
/// driver rejects with ENOTTY (testing.md §Serial). termios itself, flush and drain work on ptys.
/// Quirks: only the standard `Bnnnn` rates are available; DTR/DSR flow control does not exist here.
public final class TermiosTransport: SerialTransport {
    /// The device path from the settings.
    public let path: String
    /// The descriptor; -1 once closed.
    public private(set) var fileDescriptor: Int32
    /// Always "termios".
    public var driverName: String { "termios" }

    /// Opens `settings.path` non-blocking, without becoming its controlling terminal, in raw mode
    /// with the given line settings.
    public init(settings: SerialSettings) throws(DeviceError) {
        try settings.validate()
        let path = settings.path
        let speed = try Self.speed(for: settings.line.baud, path: path)
        let fd = Glibc.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            throw .unavailable(
                path: path, "cannot open \(path): \(String(cString: strerror(code)))\(openHint(errno: code))")
        }
        guard DescriptorReserve.admits(fd) else {
            Glibc.close(fd)
            throw .unavailable(path: path, DescriptorReserve.refusal(path: path))
        }
        guard isatty(fd) == 1 else {
            Glibc.close(fd)
            throw .invalidSetting(path: path, "\(path) is not a terminal; check the configured 'path'")
        }
        var options = termios()
        if tcgetattr(fd, &options) != 0 {
            let code = errno
            Glibc.close(fd)
            throw .unavailable(
                path: path, "cannot read the line settings of \(path): \(String(cString: strerror(code)))")
        }
        // Raw: no echo (an echo would write our own input back to the device), no line editing,
        // no CR/LF translation (frames end in CR LF and carry binary checksums).
        cfmakeraw(&options)
        options.c_cflag |= tcflag_t(CLOCAL | CREAD)
        options.c_cflag &= ~tcflag_t(CSIZE)
        switch settings.line.dataBits {
        case 5: options.c_cflag |= tcflag_t(CS5)
        case 6: options.c_cflag |= tcflag_t(CS6)
        case 7: options.c_cflag |= tcflag_t(CS7)
        default: options.c_cflag |= tcflag_t(CS8)
        }
        options.c_cflag &= ~tcflag_t(PARENB | PARODD | CMSPAR)
        switch settings.line.parity {
        case .none: break
        case .odd: options.c_cflag |= tcflag_t(PARENB | PARODD)
        case .even: options.c_cflag |= tcflag_t(PARENB)
        case .mark: options.c_cflag |= tcflag_t(PARENB | PARODD | CMSPAR)
        case .space: options.c_cflag |= tcflag_t(PARENB | CMSPAR)
        }
        if settings.line.stopBits == 2 {
            options.c_cflag |= tcflag_t(CSTOPB)
        } else {
            options.c_cflag &= ~tcflag_t(CSTOPB)
        }
        options.c_cflag &= ~tcflag_t(CRTSCTS)
        options.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        switch settings.line.flowControl {
        case .none: break
        case .xonxoff: options.c_iflag |= tcflag_t(IXON | IXOFF)
        case .rtscts: options.c_cflag |= tcflag_t(CRTSCTS)
        case .dtrdsr:
            Glibc.close(fd)
            throw .invalidSetting(path: path, "flow control 'dtrdsr' needs driver 'libserialport'")
        }
        // cfmakeraw left VMIN=1/VTIME=0; they only matter for blocking reads, which we never do.
        cfsetispeed(&options, speed)
        cfsetospeed(&options, speed)
        if tcsetattr(fd, TCSANOW, &options) != 0 {
            let code = errno
            Glibc.close(fd)
            throw .invalidSetting(
                path: path,
                "\(path) refused line settings \(settings.lineDescription): \(String(cString: strerror(code)))")
        }
        // Bytes that queued while nobody had the port open are stale readings: drop them.
        tcflush(fd, TCIFLUSH)
        self.path = path
        self.fileDescriptor = fd
    }

    /// Closes the descriptor.
    public func close() {
        guard fileDescriptor >= 0 else { return }
        Glibc.close(fileDescriptor)
        fileDescriptor = -1
    }

    deinit { close() }

    /// Maps a baud rate to its termios constant; termios has no arbitrary rates.
    static func speed(for baud: Int, path: String) throws(DeviceError) -> speed_t {
        let table: [Int: Int32] = [
            50: B50, 75: B75, 110: B110, 134: B134, 150: B150, 200: B200, 300: B300, 600: B600,
            1200: B1200, 1800: B1800, 2400: B2400, 4800: B4800, 9600: B9600, 19200: B19200,
            38400: B38400, 57600: B57600, 115200: B115200, 230400: B230400, 460800: B460800,
            500000: B500000, 576000: B576000, 921600: B921600, 1_000_000: B1000000,
        ]
        guard let constant = table[baud] else {
            throw .invalidSetting(
                path: path,
                "baud \(baud) is not a standard termios rate; use a standard rate (e.g. 9600) or driver 'libserialport'"
            )
        }
        return speed_t(constant)
    }
}

/// A hint for the operator after `open(2)` failed with `code`.
func openHint(errno code: Int32) -> String {
    switch code {
    case ENOENT: return "; is the device plugged in? check `ls -l /dev/serial/by-id/`"
    case EACCES, EPERM: return "; add the gateway user to group 'dialout' (or fix the udev rule's MODE/GROUP)"
    case EBUSY: return "; another process holds the port (ModemManager? set ID_MM_DEVICE_IGNORE in the udev rule)"
    case EMFILE, ENFILE: return descriptorHint(errno: code)
    default: return ""
    }
}

/// What to do when no file descriptor is left (EMFILE: this process's limit; ENFILE: the whole system's).
/// Nothing is lost meanwhile: open files (the ledger's among them) keep working and the open is retried.
func descriptorHint(errno code: Int32) -> String {
    guard code == EMFILE else {
        return "; the system's file table is full (sysctl fs.file-max): another program holds too many files"
    }
    let count = DescriptorReserve.limit.map { "all \($0)" } ?? "all the"
    return "; \(count) file descriptors the gateway may hold are in use (a descriptor leak, or a limit set too low:"
        + " raise LimitNOFILE= in the systemd unit); retrying"
}
