/// The byte layout of `struct input_event` records as `read(2)` returns them from `/dev/input/event*`.
///
/// Source: devices.md §3a and the kernel's `linux/input.h`: a time stamp of two `__kernel_ulong_t`
/// (seconds, microseconds), then `__u16 type`, `__u16 code`, `__s32 value`, in native byte order. So a
/// record is 24 bytes on 64-bit kernels and 16 bytes on 32-bit ones — also with a 64-bit `time_t`
/// (`_TIME_BITS=64`), because the kernel header spells the time as two longs there, not a `timeval`.
public struct InputEventLayout: Sendable, Hashable {
    /// Bytes per record: 24 (64-bit) or 16 (32-bit).
    public let recordSize: Int
    /// Bytes of the time stamp before `type`: 16 or 8.
    public let timeSize: Int
    /// Whether the integers are little-endian (every Linux gateway we ship on is).
    public let littleEndian: Bool

    /// The layout for a word size in bytes (8 on 64-bit, 4 on 32-bit).
    public init(wordSize: Int, littleEndian: Bool = true) {
        timeSize = 2 * wordSize
        recordSize = timeSize + 8
        self.littleEndian = littleEndian
    }

    /// The layout of the machine this code runs on.
    public static let native = InputEventLayout(
        wordSize: MemoryLayout<UInt>.size, littleEndian: 1.littleEndian == 1)

    /// The 64-bit layout (24-byte records).
    public static let wide = InputEventLayout(wordSize: 8)

    /// The event in one record; `record` must hold exactly `recordSize` bytes.
    public func event(in record: ArraySlice<UInt8>) -> InputEvent {
        let base = record.startIndex + timeSize
        func integer(_ offset: Int, _ count: Int) -> UInt32 {
            var value: UInt32 = 0
            for index in 0..<count {
                let byte = UInt32(record[base + offset + (littleEndian ? count - 1 - index : index)])
                value = value << 8 | byte
            }
            return value
        }
        return InputEvent(
            type: UInt16(integer(0, 2)), code: UInt16(integer(2, 2)), value: Int32(bitPattern: integer(4, 4)))
    }

    /// One record for `event` with the time stamp `seconds`.`microseconds` (for simulators and tests).
    public func record(_ event: InputEvent, seconds: UInt64 = 0, microseconds: UInt64 = 0) -> [UInt8] {
        let word = timeSize / 2
        func bytes(_ value: UInt64, _ count: Int) -> [UInt8] {
            let little = (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
            return littleEndian ? little : little.reversed()
        }
        return bytes(seconds, word) + bytes(microseconds, word) + bytes(UInt64(event.type), 2)
            + bytes(UInt64(event.code), 2) + bytes(UInt64(UInt32(bitPattern: event.value)), 4)
    }
}
