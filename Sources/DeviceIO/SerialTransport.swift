import Glibc

/// An open serial port whose file descriptor is non-blocking and ready for readiness-driven I/O.
///
/// Owned by one task at a time (the supervisor's run loop), hence not `Sendable`. Reading and
/// writing go straight to the descriptor in both implementations: `sp_nonblocking_read` is `read(2)`
/// on Unix but reports both "no data" and end-of-file as 0, and a hangup must be told apart.
public protocol SerialTransport: AnyObject {
    /// The device path from the settings.
    var path: String { get }
    /// The non-blocking descriptor to wait on with `PollReactor`; -1 after `close()`.
    var fileDescriptor: Int32 { get }
    /// Which driver opened the port ("libserialport" or "termios"), for status and logs.
    var driverName: String { get }
    /// Closes the port; idempotent.
    func close()
    /// What end of file means on this transport, for the operator ("device unplugged or pty closed").
    var endOfFileMeaning: String { get }
    /// Writes as many of `bytes` as the port accepts now; returns how many (0 when it would block).
    func writeAvailable(_ bytes: ArraySlice<UInt8>) throws(DeviceError) -> Int
}

/// What one non-blocking read produced.
public enum SerialReadResult: Sendable, Hashable {
    /// Bytes read (never empty).
    case bytes([UInt8])
    /// Nothing available now; wait for readiness.
    case wouldBlock
    /// The device went away: end-of-file or EIO on a tty means hangup (unplugged adapter, closed pty master).
    case hangup(String)
}

extension SerialTransport {
    /// A tty's end of file: the adapter was unplugged or the pseudo-terminal's master closed.
    public var endOfFileMeaning: String { "device unplugged or pty closed" }

    /// Reads what is available, up to `maximum` bytes, without blocking.
    public func readAvailable(maximum: Int = 4096) throws(DeviceError) -> SerialReadResult {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, maximum) }
            if count > 0 { return .bytes(Array(buffer[0..<count])) }
            if count == 0 { return .hangup("\(path) reported end of file (\(endOfFileMeaning))") }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            // EIO/ENODEV/ENXIO: an unplugged tty; ECONNRESET/ETIMEDOUT/EHOSTUNREACH: a device server's connection.
            case EIO, ENODEV, ENXIO, ECONNRESET, ETIMEDOUT, EHOSTUNREACH:
                return .hangup("\(path) hung up: \(String(cString: strerror(code)))")
            default:
                throw .io(path: path, "read from \(path) failed: \(String(cString: strerror(code)))")
            }
        }
    }

    /// Writes as many of `bytes` as the port accepts now with write(2); returns how many (0 when it would block).
    public func writeAvailable(_ bytes: ArraySlice<UInt8>) throws(DeviceError) -> Int {
        try writeAvailable(bytes) { Glibc.write(fileDescriptor, $0.baseAddress, $0.count) }
    }

    /// Writes with `write` (write(2), or send(2) for a socket), retrying on EINTR; returns how many bytes were
    /// taken (0 when it would block).
    func writeAvailable(_ bytes: ArraySlice<UInt8>, with write: (UnsafeRawBufferPointer) -> Int) throws(DeviceError)
        -> Int
    {
        while true {
            let count = bytes.withUnsafeBytes { write($0) }
            if count >= 0 { return count }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return 0
            case EIO, ENODEV, ENXIO, EPIPE, ECONNRESET:
                throw .unavailable(path: path, "\(path) hung up while writing: \(String(cString: strerror(code)))")
            default:
                throw .io(path: path, "write to \(path) failed: \(String(cString: strerror(code)))")
            }
        }
    }
}
