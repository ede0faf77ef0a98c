import Glibc

/// The evdev ioctls the gateway uses, computed as the kernel's `_IOC` macros do (linux/input.h).
///
/// Source: devices.md §3a (`EVIOCGRAB = _IOW('E', 0x90, int)`). Measured under umockdev 0.17: EVIOCGNAME
/// and EVIOCGLED are answered from the `.ioctl` file (which needs an `@DEV /dev/input/eventN` header
/// line); EVIOCGRAB is accepted without any record.
enum EvdevIoctl {
    /// `_IOC(dir, 'E', nr, size)`.
    private static func request(direction: UInt, number: UInt, size: Int) -> UInt {
        direction << 30 | UInt(size) << 16 | 0x45 << 8 | number
    }

    /// `EVIOCGNAME(len)`: read the device name.
    static func getName(length: Int) -> UInt { request(direction: 2, number: 0x06, size: length) }
    /// `EVIOCGLED(len)`: read the LED bit mask.
    static func getLEDs(length: Int) -> UInt { request(direction: 2, number: 0x19, size: length) }
    /// `EVIOCGRAB`: 1 grabs the device exclusively, 0 releases it.
    static let grab: UInt = request(direction: 1, number: 0x90, size: MemoryLayout<CInt>.size)

    /// The device's name, or the errno when the ioctl failed.
    static func name(of fd: Int32) -> Result<String, Errno> {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { ioctl(fd, getName(length: $0.count), $0.baseAddress!) }
        guard count >= 0 else { return .failure(Errno(code: errno)) }
        let bytes = buffer.prefix { $0 != 0 }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// Whether the Caps Lock LED is on, or the errno when the ioctl failed.
    static func capsLock(of fd: Int32) -> Result<Bool, Errno> {
        var bits = [UInt8](repeating: 0, count: 8)
        let count = bits.withUnsafeMutableBytes { ioctl(fd, getLEDs(length: $0.count), $0.baseAddress!) }
        guard count >= 0 else { return .failure(Errno(code: errno)) }
        return .success(bits[0] & 0x02 != 0)  // LED_CAPSL = 1
    }

    /// Grabs (true) or releases (false) the device; the errno when refused.
    static func setGrab(_ fd: Int32, _ on: Bool) -> Errno? {
        ioctl(fd, grab, on ? 1 : 0) == 0 ? nil : Errno(code: errno)
    }

    /// An errno value with its text.
    struct Errno: Error, Sendable, Hashable, CustomStringConvertible {
        /// The value.
        var code: Int32
        /// `strerror`.
        var description: String { String(cString: strerror(code)) }
    }
}
