import DeviceProtocols

/// Small, realistic tag populations for the simulated RFID readers (one per air interface).
enum SampleTags {
    /// The sample population for a reader of `kind` tags.
    static func population(of kind: TagPayload.Kind, using random: inout SeededGenerator) -> [SimulatedTag] {
        switch kind {
        case .fdxb: fdxb(using: &random)
        case .em4100: em4100(using: &random)
        case .uid: uids(using: &random)
        case .epc: epcs(using: &random)
        }
    }

    /// FDX-B pig ear tags: country 156 (China) and the `982` manufacturer code Allflex tags carry.
    static func fdxb(using random: inout SeededGenerator) -> [SimulatedTag] {
        (0..<5).compactMap { index in
            let country = index < 3 ? 982 : 156
            let national = Int64.random(in: 1_000_000...ISO11784Code.maxNationalID, using: &random)
            let code = try? ISO11784Code(country: country, nationalID: national, animal: true)
            return code.map { SimulatedTag(.fdxb($0)) }
        }
    }

    /// EM4100 cards: a version byte seen on cheap access cards, then 4 random bytes.
    static func em4100(using random: inout SeededGenerator) -> [SimulatedTag] {
        (0..<5).compactMap { _ in
            let bytes: [UInt8] =
                [[0x01, 0x0B, 0x3A].randomElement(using: &random) ?? 0x01] + randomBytes(4, using: &random)
            return (try? EM4100Number(bytes: bytes)).map { SimulatedTag(.em4100($0)) }
        }
    }

    /// MIFARE UIDs: single-size (4 bytes) Classic cards and double-size (7 bytes, NXP `04` prefix) ones.
    static func uids(using random: inout SeededGenerator) -> [SimulatedTag] {
        (0..<5).map { index in
            let uid = index.isMultiple(of: 2) ? randomBytes(4, using: &random) : [0x04] + randomBytes(6, using: &random)
            return SimulatedTag(.uid(uid))
        }
    }

    /// UHF EPCs: SGTIN-96 carcass-box labels under a Chinese (690–699) company prefix, and one factory EPC.
    static func epcs(using random: inout SeededGenerator) -> [SimulatedTag] {
        var tags: [SimulatedTag] = (0..<4).compactMap { index in
            let serial = UInt64.random(in: 1...999_999, using: &random)
            let sgtin = try? SGTIN96(
                filter: 1, companyPrefix: "6901234", itemReference: "00012\(index)", serial: serial)
            return sgtin.map { SimulatedTag(.epc($0.epc)) }
        }
        // Blank tags ship with a manufacturer EPC that is not SGTIN (E2 = Impinj/NXP TID-like header).
        tags.append(SimulatedTag(.epc([0xE2, 0x00, 0x68, 0x06] + randomBytes(8, using: &random))))
        return tags
    }

    /// `count` random bytes.
    private static func randomBytes(_ count: Int, using random: inout SeededGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
    }
}
