import TraceModel

/// The 64-bit ISO 11784 animal identification code carried by FDX-B transponders.
///
/// Source: devices.md §4a (proxmark3 `cmdlffdxb.c`, graemediack/ISO11784Tools). As a 64-bit integer,
/// most significant bit first: `animal<<63 | reserved<<49 | dataBlock<<48 | country<<38 | national`.
/// The telegram sends the bits least significant first, so readers that dump the raw bits give the
/// bit-reversed ("right-hand") form: `8000F9DCBE991A14` ↔ `2858997D3B9F0001` (999-123456789012, animal).
public struct ISO11784Code: Sendable, Hashable, CustomStringConvertible {
    /// ISO 3166 numeric country, or 900–999 for a manufacturer code (10 bits, at most 1023).
    public var country: Int
    /// National identification number (38 bits, at most 274 877 906 943).
    public var nationalID: Int64
    /// Whether the transponder is used for animal identification (bit 63).
    public var animal: Bool
    /// Whether a data block follows the code (bit 48).
    public var dataBlock: Bool
    /// The 14 reserved bits (RUDI / retagging counters on some tags; normally 0).
    public var reserved: Int

    /// The largest national id: 38 bits.
    public static let maxNationalID: Int64 = (1 << 38) - 1

    /// Creates a code; country and national id must fit their fields.
    ///
    /// - Throws: `TagIdentifierError` when a field is too large for its bits.
    public init(country: Int, nationalID: Int64, animal: Bool = false, dataBlock: Bool = false, reserved: Int = 0)
        throws(TagIdentifierError)
    {
        guard (0...1023).contains(country) else {
            throw TagIdentifierError("FDX-B country code \(country) does not fit 10 bits (0–1023)")
        }
        guard (0...Self.maxNationalID).contains(nationalID) else {
            throw TagIdentifierError(
                "FDX-B national id \(nationalID) does not fit 38 bits (0–\(Self.maxNationalID))")
        }
        guard (0...0x3FFF).contains(reserved) else {
            throw TagIdentifierError("FDX-B reserved field \(reserved) does not fit 14 bits (0–16383)")
        }
        self.country = country
        self.nationalID = nationalID
        self.animal = animal
        self.dataBlock = dataBlock
        self.reserved = reserved
    }

    /// Decodes the most-significant-bit-first form (`8000F9DCBE991A14`). Every 64-bit value is a code.
    public init(rawValue: UInt64) {
        self.nationalID = Int64(rawValue & UInt64(Self.maxNationalID))
        self.country = Int((rawValue >> 38) & 0x3FF)
        self.dataBlock = (rawValue >> 48) & 1 == 1
        self.reserved = Int((rawValue >> 49) & 0x3FFF)
        self.animal = rawValue >> 63 == 1
    }

    /// Decodes the bit-reversed form, in the order the telegram transmits (`2858997D3B9F0001`).
    public init(bitReversed: UInt64) {
        self.init(rawValue: Self.reverseBits(bitReversed))
    }

    /// The most-significant-bit-first 64-bit value.
    public var rawValue: UInt64 {
        (animal ? 1 << 63 : 0) | UInt64(reserved) << 49 | (dataBlock ? 1 << 48 : 0) | UInt64(country) << 38
            | UInt64(nationalID)
    }

    /// The bit-reversed (transmission order) value.
    public var bitReversed: UInt64 { Self.reverseBits(rawValue) }

    /// The display and storage form: 3-digit country, space, 12-digit national id (`982 000001088420`).
    public var display: String { Self.display(country: country, nationalID: nationalID) }

    /// The dot-hex form some readers print: country hex, dot, national id hex (`3E7.1CBE991A14`).
    public var dotHex: String {
        String(country, radix: 16, uppercase: true) + "." + String(nationalID, radix: 16, uppercase: true)
    }

    /// The display form.
    public var description: String { display }

    /// `982 000001088420` for a country and national id.
    public static func display(country: Int, nationalID: Int64) -> String {
        let countryText = String(country)
        let nationalText = String(nationalID)
        return String(repeating: "0", count: max(0, 3 - countryText.count)) + countryText + " "
            + String(repeating: "0", count: max(0, 12 - nationalText.count)) + nationalText
    }

    /// The 64 bits in reverse order.
    static func reverseBits(_ value: UInt64) -> UInt64 {
        var input = value
        var output: UInt64 = 0
        for _ in 0..<64 {
            output = output << 1 | input & 1
            input >>= 1
        }
        return output
    }
}
