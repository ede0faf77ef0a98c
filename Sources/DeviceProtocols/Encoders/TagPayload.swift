/// What an RFID tag or card carries, in the form a reader's encoder takes (simulators and tests).
public enum TagPayload: Sendable, Hashable {
    /// The air interfaces, one per payload form.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// 134.2 kHz FDX-B animal tags.
        case fdxb
        /// 125 kHz EM4100 cards.
        case em4100
        /// 13.56 MHz card UIDs.
        case uid
        /// UHF Gen2 EPCs.
        case epc
    }

    /// An ISO 11784 animal tag (FDX-B).
    case fdxb(ISO11784Code)
    /// A 125 kHz EM4100 card.
    case em4100(EM4100Number)
    /// A 13.56 MHz card UID (4, 7 or 10 bytes), in transmission order.
    case uid([UInt8])
    /// A UHF Gen2 EPC (SGTIN-96 or another 96-bit EPC).
    case epc([UInt8])

    /// The payload's air interface.
    public var kind: Kind {
        switch self {
        case .fdxb: .fdxb
        case .em4100: .em4100
        case .uid: .uid
        case .epc: .epc
        }
    }
}
