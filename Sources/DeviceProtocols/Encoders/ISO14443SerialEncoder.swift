/// Produces the UID frames of 13.56 MHz reader modules (`iso14443-serial`), for simulators and tests.
public struct ISO14443SerialEncoder: Sendable {
    /// The card-type byte the module sends (devices.md's example has 02).
    public var cardType: UInt8

    /// Creates an encoder.
    public init(cardType: UInt8 = 0x02) {
        self.cardType = cardType
    }

    /// `02 len type UID BCC 03` for a 4–10 byte `uid`.
    public func encode(uid: [UInt8]) -> [UInt8] {
        let body = [UInt8(uid.count + 5), cardType] + uid
        return [0x02] + body + [ByteText.xor(body), 0x03]
    }
}
