import CSerialPort
import Glibc
import Synchronization

/// A pseudo-terminal pair in raw mode: the master side plays the device, the slave path is what the
/// gateway opens (with driver `termios`, or `auto`, which picks termios for /dev/pts/*).
///
/// For simulators and tests. Optionally publishes the slave under a stable symlink (e.g.
/// `/tmp/tracegate/scale0`) so configurations do not depend on the pts number; the symlink is removed
/// on `close()`, which together with closing the master looks like an unplug to the reader.
/// Quirks (Linux): closing the master hangs the slave up (POLLHUP, then EIO on read) and removes
/// /dev/pts/N; reading the master while no slave is open fails with EIO.
public final class PseudoTerminal: Sendable {
    /// The master descriptor (non-blocking): write here what the device sends, read what the gateway writes.
    public let masterFileDescriptor: Int32
    /// The slave device path, e.g. /dev/pts/3.
    public let slavePath: String
    /// The symlink pointing at `slavePath`, if one was requested.
    public let symlinkPath: String?
    /// Whether `close()` ran.
    private let closed = Mutex(false)

    /// Opens a new pair in raw mode (no echo, no CR/LF translation); if `symlinkPath` is given, points
    /// it at the slave, replacing whatever was there.
    public init(symlinkPath: String? = nil) throws(DeviceError) {
        let master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else {
            throw .unavailable(path: "/dev/ptmx", "cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        var nameBuffer = [CChar](repeating: 0, count: 128)
        guard grantpt(master) == 0, unlockpt(master) == 0, ptsname_r(master, &nameBuffer, nameBuffer.count) == 0
        else {
            let code = errno
            Glibc.close(master)
            throw .unavailable(path: "/dev/ptmx", "cannot set up a pseudo-terminal: \(String(cString: strerror(code)))")
        }
        let slave = Self.string(nameBuffer)
        // On Linux the master's termios is the slave's: raw mode here means the gateway sees bytes verbatim.
        var options = termios()
        tcgetattr(master, &options)
        cfmakeraw(&options)
        tcsetattr(master, TCSANOW, &options)
        let flags = fcntl(master, F_GETFL)
        _ = fcntl(master, F_SETFL, flags | O_NONBLOCK)
        if let symlinkPath {
            unlink(symlinkPath)
            guard symlink(slave, symlinkPath) == 0 else {
                let code = errno
                Glibc.close(master)
                throw .invalidSetting(
                    path: symlinkPath,
                    "cannot create symlink \(symlinkPath) → \(slave): \(String(cString: strerror(code)))")
            }
        }
        masterFileDescriptor = master
        slavePath = slave
        self.symlinkPath = symlinkPath
    }

    /// Writes all of `bytes` to the master side (the gateway reads them), waiting for room without blocking a thread.
    public func write(_ bytes: [UInt8], reactor: PollReactor = .shared) async throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(masterFileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                offset += count
                continue
            }
            let code = errno
            if code == EINTR { continue }
            guard code == EAGAIN || code == EWOULDBLOCK else {
                throw DeviceError.io(
                    path: slavePath, "write to pty master failed: \(String(cString: strerror(code)))")
            }
            _ = try await reactor.wait(masterFileDescriptor, for: .writable)
        }
    }

    /// Reads whatever the gateway has written so far, without waiting; empty when nothing is there
    /// (or no slave is open).
    public func readAvailable() -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(masterFileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                result += buffer[0..<count]
                continue
            }
            if count < 0 && errno == EINTR { continue }
            return result
        }
    }

    /// Removes the symlink (if it still points at this pair) and closes the master: the reader sees a hangup.
    public func close() {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        if let symlinkPath {
            var target = [CChar](repeating: 0, count: 256)
            let length = readlink(symlinkPath, &target, target.count - 1)
            if length > 0 && Self.string(target) == slavePath { unlink(symlinkPath) }
        }
        Glibc.close(masterFileDescriptor)
    }

    deinit { close() }

    /// The text of a NUL-terminated C buffer.
    private static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
