import Glibc

extension SerialSettings {
    /// The driver `auto` resolves to for this path right now: termios when the path (after following
    /// symlinks) is a pseudo-terminal under /dev/pts, libserialport for everything else.
    public func resolvedDriver() -> Driver {
        switch line.driver {
        case .libserialport, .termios: return line.driver
        case .auto:
            guard let resolved = realpath(path, nil) else { return .libserialport }
            defer { free(resolved) }
            return String(cString: resolved).hasPrefix("/dev/pts/") ? .termios : .libserialport
        }
    }

    /// Opens the port with the resolved driver and applies every setting.
    ///
    /// A missing path fails fast with a retryable error that says so, before either driver is asked.
    public func openTransport() throws(DeviceError) -> any SerialTransport {
        try validate()
        var info = stat()
        if stat(path, &info) != 0 {
            let code = errno
            throw .unavailable(
                path: path, "waiting for \(path): \(String(cString: strerror(code)))\(openHint(errno: code))")
        }
        switch resolvedDriver() {
        case .termios: return try TermiosTransport(settings: self)
        default: return try LibSerialPortTransport(settings: self)
        }
    }
}
