import TraceModel

/// A GS1 SGTIN-96 EPC (serialised GTIN on a UHF tag): header 0x30, filter 3 bits, partition 3 bits,
/// company prefix + item reference 44 bits, serial 38 bits.
///
/// Source: devices.md §4d (sergiss/epc-tds `epc/sgtin/sgtin96.js`; GS1 EPC Tag Data Standard §14.5.1).
/// Test vector: `3074257BF7194E4000001A85` = `urn:epc:tag:sgtin-96:3.0614141.812345.6789`.
public struct SGTIN96: Sendable, Hashable {
    /// Filter value (0 all others, 1 point of sale item, 3 case …).
    public var filter: Int
    /// The GS1 company prefix with its leading zeros (6–12 digits).
    public var companyPrefix: String
    /// The indicator digit followed by the item reference, with leading zeros (13 − prefix digits).
    public var itemReference: String
    /// The serial number (38 bits).
    public var serial: UInt64

    /// Partition value → (company prefix bits, digits), (item reference bits, digits).
    static let partitions: [(prefixBits: Int, prefixDigits: Int, itemBits: Int, itemDigits: Int)] = [
        (40, 12, 4, 1), (37, 11, 7, 2), (34, 10, 10, 3), (30, 9, 14, 4), (27, 8, 17, 5), (24, 7, 20, 6),
        (20, 6, 24, 7),
    ]

    /// Decodes a 12-byte EPC.
    ///
    /// - Throws: `TagIdentifierError` when the EPC is not 96 bits, its header is not SGTIN-96 (0x30), its
    ///   partition is 7, or a field has more digits than its partition allows.
    public init(epc: [UInt8]) throws(TagIdentifierError) {
        let hex = ByteText.hex(epc)
        guard epc.count == 12 else {
            throw TagIdentifierError("EPC \(hex) is \(epc.count * 8) bits, SGTIN-96 needs 96")
        }
        guard epc[0] == 0x30 else {
            throw TagIdentifierError(
                "EPC \(hex) has header \(ByteText.hex(epc[0])), not 30 (SGTIN-96); it is another EPC scheme")
        }
        let bits = BitReader(epc)
        let partition = Int(bits.value(at: 11, count: 3))
        guard partition < Self.partitions.count else {
            throw TagIdentifierError("EPC \(hex) has SGTIN partition 7, which is reserved")
        }
        let layout = Self.partitions[partition]
        let prefix = bits.value(at: 14, count: layout.prefixBits)
        let item = bits.value(at: 14 + layout.prefixBits, count: layout.itemBits)
        let prefixText = Self.padded(prefix, digits: layout.prefixDigits)
        let itemText = Self.padded(item, digits: layout.itemDigits)
        guard prefixText.count == layout.prefixDigits, itemText.count == layout.itemDigits else {
            throw TagIdentifierError(
                "EPC \(hex): company prefix \(prefix) or item reference \(item) has more digits than partition "
                    + "\(partition) allows")
        }
        self.filter = Int(bits.value(at: 8, count: 3))
        self.companyPrefix = prefixText
        self.itemReference = itemText
        self.serial = bits.value(at: 58, count: 38)
    }

    /// Creates an SGTIN from its parts (for encoders and tests).
    ///
    /// - Throws: `TagIdentifierError` when the prefix is not 6–12 digits, the two do not make 13 digits,
    ///   the filter is not 0–7 or the serial does not fit 38 bits.
    public init(filter: Int, companyPrefix: String, itemReference: String, serial: UInt64)
        throws(TagIdentifierError)
    {
        guard (6...12).contains(companyPrefix.count), companyPrefix.count + itemReference.count == 13,
            (companyPrefix + itemReference).allSatisfy({ $0.isASCII && $0.isNumber })
        else {
            throw TagIdentifierError(
                "SGTIN company prefix \"\(companyPrefix)\" (6–12 digits) and item reference \"\(itemReference)\" "
                    + "must be digits, 13 together")
        }
        guard (0...7).contains(filter), serial < 1 << 38 else {
            throw TagIdentifierError("SGTIN filter \(filter) must be 0–7 and serial \(serial) must fit 38 bits")
        }
        self.filter = filter
        self.companyPrefix = companyPrefix
        self.itemReference = itemReference
        self.serial = serial
    }

    /// The EPC tag URI, e.g. `urn:epc:tag:sgtin-96:3.0614141.812345.6789`.
    public var tagURI: String { "urn:epc:tag:sgtin-96:\(filter).\(companyPrefix).\(itemReference).\(serial)" }

    /// The 14-digit GTIN: indicator digit, company prefix, rest of the item reference, check digit.
    public var gtin: String {
        let body = String(itemReference.prefix(1)) + companyPrefix + String(itemReference.dropFirst())
        return body + String(Self.checkDigit(body))
    }

    /// The 12 bytes of the EPC.
    public var epc: [UInt8] {
        let layout = Self.partitions.first { $0.prefixDigits == companyPrefix.count }!
        let partition = Self.partitions.firstIndex { $0.prefixDigits == companyPrefix.count }!
        var bits = BitWriter()
        bits.append(0x30, count: 8)
        bits.append(UInt64(filter), count: 3)
        bits.append(UInt64(partition), count: 3)
        bits.append(UInt64(companyPrefix)!, count: layout.prefixBits)
        bits.append(UInt64(itemReference)!, count: layout.itemBits)
        bits.append(serial, count: 38)
        return bits.bytes
    }

    /// The GS1 mod-10 check digit of `digits` (weights 3, 1, 3 … from the right).
    static func checkDigit(_ digits: String) -> Int {
        var sum = 0
        for (offset, character) in digits.reversed().enumerated() {
            sum += (character.wholeNumberValue ?? 0) * (offset % 2 == 0 ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }

    /// `value` in decimal with leading zeros to `digits`.
    private static func padded(_ value: UInt64, digits: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
