/// One read of an RFID tag or contactless card: its identity as it should be shown and stored, plus what
/// the reader said about the read (antenna, signal strength) when it said anything.
///
/// `id` is the canonical text form, chosen so the same tag read by different readers gives the same text:
/// FDX-B `982 000001088420` (country, space, 12-digit national id), EM4100 `4500C5D1E9` (10 uppercase hex
/// digits), ISO 14443A UIDs as uppercase hex in transmission order (`8B0D4F49`), UHF EPCs as uppercase hex
/// (`3074257BF7194E4000001A85`).
public struct TagRead: Sendable, Hashable, Codable {
    /// The air interface of the tag.
    public enum Technology: String, Sendable, Hashable, Codable, CaseIterable {
        /// 134.2 kHz ISO 11784/11785 FDX-B animal transponder (ear tags, boluses, implants).
        case fdxB = "fdx-b"
        /// 125 kHz EM4100/EM4102 read-only card or fob.
        case em4100
        /// 13.56 MHz ISO 14443A card (MIFARE); `id` is the UID.
        case iso14443a
        /// UHF EPC Gen2 (ISO 18000-63) tag; `id` is the EPC.
        case uhfGen2 = "uhf-gen2"
    }

    /// The air interface.
    public var technology: Technology
    /// The identity as shown and stored (see the type's documentation for each technology's form).
    public var id: String
    /// EM4100: the 10-digit decimal printed on the card (last 4 bytes), e.g. `0012964329`.
    public var decimal: String?
    /// FDX-B: ISO 3166 numeric country, or 900–999 for a manufacturer code (982 Allflex).
    public var country: Int?
    /// FDX-B: the 38-bit national identification number.
    public var nationalID: Int64?
    /// FDX-B: the animal flag (ISO 11784 bit 0), when the reader reports the whole 64-bit code.
    public var animal: Bool?
    /// UHF: the pure-identity URI of a decoded EPC, e.g. `urn:epc:tag:sgtin-96:3.0614141.812345.6789`.
    public var uri: String?
    /// UHF SGTIN: the 14-digit GTIN with its check digit.
    public var gtin: String?
    /// UHF SGTIN: the item's serial number (decimal).
    public var itemSerial: String?
    /// The reader's antenna port (1-based, as printed on the reader), when it says.
    public var antenna: Int?
    /// Received signal strength as the reader reports it (R2000: raw 0–127, larger is stronger).
    public var rssi: Int?

    /// Creates a read; only `technology` and `id` are required.
    public init(
        technology: Technology, id: String, decimal: String? = nil, country: Int? = nil, nationalID: Int64? = nil,
        animal: Bool? = nil, uri: String? = nil, gtin: String? = nil, itemSerial: String? = nil,
        antenna: Int? = nil, rssi: Int? = nil
    ) {
        self.technology = technology
        self.id = id
        self.decimal = decimal
        self.country = country
        self.nationalID = nationalID
        self.animal = animal
        self.uri = uri
        self.gtin = gtin
        self.itemSerial = itemSerial
        self.antenna = antenna
        self.rssi = rssi
    }

    /// The tag's identity without read details: technology and id. Two reads of one tag on different
    /// antennas or with different signal strengths have the same key.
    public var identity: String { "\(technology.rawValue):\(id)" }
}
