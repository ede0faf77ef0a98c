/// Small conversions between bytes and the text that device frames and reports use.
enum ByteText {
    /// Uppercase hex digits for bytes, without separators ("02412B").
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// One byte as two uppercase hex digits ("1B").
    static func hex(_ byte: UInt8) -> String { hex(CollectionOfOne(byte)) }

    /// The XOR of all bytes.
    static func xor(_ bytes: some Sequence<UInt8>) -> UInt8 { bytes.reduce(0, ^) }

    /// A checksum byte as the two ASCII characters XK3190 indicators send: nibble + 0x30, or + 0x37 above 9.
    static func asciiHexPair(_ value: UInt8) -> [UInt8] {
        func nibble(_ n: UInt8) -> UInt8 { n <= 9 ? n + 0x30 : n + 0x37 }
        return [nibble(value >> 4), nibble(value & 0x0F)]
    }

    /// Why a frame fails its check byte, or nil when it passes: "XOR mismatch: frame says 81, computed B1"
    /// (`check` names the check: XOR, BCC, checksum).
    static func checkMismatch(_ check: String, sent: UInt8, computed: UInt8) -> String? {
        sent == computed ? nil : "\(check) mismatch: frame says \(hex(sent)), computed \(hex(computed))"
    }

    /// Why the two ASCII hex characters `sent` are not the XOR of `covered`, or nil when they are (the
    /// XK3190 frames send their XOR so, in either case).
    static func asciiXORProblem(covering covered: some Sequence<UInt8>, sent: ArraySlice<UInt8>) -> String? {
        guard let value = valueOfHexPair(sent[sent.startIndex], sent[sent.startIndex + 1]) else {
            return "XOR bytes \"\(printable(sent))\" are not hex digits"
        }
        return checkMismatch("XOR", sent: value, computed: xor(covered))
    }

    /// The value of two ASCII hex characters (either case), or nil when they are not hex digits.
    static func valueOfHexPair(_ high: UInt8, _ low: UInt8) -> UInt8? {
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x37
            case 0x61...0x66: c - 0x57
            default: nil
            }
        }
        guard let h = nibble(high), let l = nibble(low) else { return nil }
        return h << 4 | l
    }

    /// Bytes shown for an operator: printable ASCII as is, others as `<1D>`.
    static func printable(_ bytes: some Sequence<UInt8>) -> String {
        var text = ""
        for byte in bytes {
            if byte >= 0x20, byte < 0x7F {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                text += "<\(hex(byte))>"
            }
        }
        return text
    }

    /// ASCII text of bytes known to be ASCII (other bytes become U+FFFD).
    static func ascii(_ bytes: some Sequence<UInt8>) -> String { String(decoding: Array(bytes), as: UTF8.self) }

    /// The text of `bytes` when they are valid UTF-8, else nil. (Decoding with repair and comparing
    /// avoids `String(validating:as:)`, which crashed at run time with this toolchain on Linux.)
    static func validUTF8(_ bytes: some Collection<UInt8>) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.elementsEqual(bytes) ? text : nil
    }
}
