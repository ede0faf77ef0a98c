#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// The primitives of the fast JSON readers (`BatchResultScanner` here, the reference platform's
/// `TradeBatchScanner`): they read the plain JSON our own encoders write — strings without escapes or control
/// characters, integers without fraction or exponent — straight from the bytes, and refuse (nil / false) anything
/// else so that the caller hands the text to `JSONDecoder`, which judges and words it. They never accept what
/// `JSONDecoder` would refuse.
public struct PlainJSONScanner {
    /// The text.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    public var index = 0

    /// A scanner at the start of `bytes` (valid while the scanner is used).
    public init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Whether only white space is left.
    public mutating func atEnd() -> Bool {
        skipSpace()
        return index == bytes.count
    }

    /// `{ "key": value, … }`; `member` reads the value after the colon and says whether it was acceptable.
    @inlinable
    public mutating func object(_ member: (inout PlainJSONScanner, String) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        if consume(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = string(), consume(UInt8(ascii: ":")), member(&self, key) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}"))
    }

    /// `[ value, … ]`; `element` reads one value.
    @inlinable
    public mutating func array(_ element: (inout PlainJSONScanner) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "[")) else { return false }
        if consume(UInt8(ascii: "]")) { return true }
        repeat {
            guard element(&self) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]"))
    }

    /// A string without escapes or control characters, valid UTF-8; nil for anything else.
    @inlinable
    public mutating func string() -> String? {
        guard let raw = rawString() else { return nil }
        let text = String(decoding: raw, as: UTF8.self)
        // Invalid UTF-8 was repaired by the decoding; JSONDecoder refuses it instead.
        return text.utf8.count == raw.count ? text : nil
    }

    /// A string's bytes (without the quotes), when it has no escapes or control characters.
    @inlinable
    public mutating func rawString() -> UnsafeBufferPointer<UInt8>? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)])
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    /// An integer without fraction, exponent or leading zeros that fits Int64.
    @inlinable
    public mutating func integer() -> Int64? {
        skipSpace()
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var value: Int64 = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        if index < bytes.count,
            bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")
        {
            return nil
        }
        return negative ? -value : value
    }

    /// Skips white space, then consumes `byte` if it is next.
    @inlinable
    public mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// JSON white space.
    @inlinable
    public mutating func skipSpace() {
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
        {
            index += 1
        }
    }

    /// Whether `bytes` are exactly `text`'s UTF-8.
    public static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ text: [UInt8]) -> Bool {
        bytes.count == text.count
            && (bytes.isEmpty
                || text.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
    }

    /// Whether `bytes` are exactly `text`'s UTF-8.
    public static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            utf8.count == bytes.count
                && (bytes.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
    }
}
