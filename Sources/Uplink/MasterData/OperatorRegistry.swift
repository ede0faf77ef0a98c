/// Operator cards the platform knows (`GET /v1/master/operators`, master data contract):
/// `{"version":…,"operators":[{"card_uid","operator_code","name"}]}`.
public struct OperatorRegistry: MasterDataDocument {
    /// `operators`.
    public static let documentName = "operators"
    /// `operators`.
    public static let listKey = "operators"
    /// An entry of the list.
    public typealias Entry = Operator

    /// One registered card.
    public struct Operator: Sendable, Hashable, Decodable {
        /// Card UID as upper-case hex, in the byte order iso14443 readers report by default (`04A1B2C3D4`).
        public var cardUID: String
        /// The 13-digit operator (经营者) code.
        public var operatorCode: String
        /// Display name.
        public var name: String

        /// Creates an entry.
        public init(cardUID: String, operatorCode: String, name: String) {
            self.cardUID = cardUID
            self.operatorCode = operatorCode
            self.name = name
        }

        /// The contract's keys.
        enum CodingKeys: String, CodingKey {
            case cardUID = "card_uid"
            case operatorCode = "operator_code"
            case name
        }
    }

    /// The platform's version (ETag without quotes).
    public var version: String
    /// Registered cards in the platform's order.
    public var operators: [Operator]

    /// Creates a registry.
    public init(version: String, operators: [Operator]) {
        self.version = version
        self.operators = operators
    }

    /// The operator a card UID belongs to (compared as upper-case hex).
    public func operatorFor(cardUID: String) -> Operator? {
        let wanted = cardUID.uppercased()
        return operators.first { $0.cardUID == wanted }
    }

    /// Parses the JSON body. Card UIDs must be an even number of hex digits (lower case is accepted and
    /// upper-cased); a UID listed twice or an empty operator code is refused.
    public static func parse(_ body: [UInt8]) throws(MasterDataError) -> OperatorRegistry {
        var seen: Set<String> = []
        let (version, operators) = try MasterDataJSON.entries(of: body, Self.self) {
            (entry, fail) throws(MasterDataError) -> Operator? in
            let uid = entry.cardUID.uppercased()
            guard !uid.isEmpty, uid.count % 2 == 0, uid.allSatisfy(\.isHexDigit), uid.allSatisfy(\.isASCII) else {
                throw fail("card_uid '\(entry.cardUID)' is not hex bytes")
            }
            guard !entry.operatorCode.isEmpty else { throw fail("(card \(uid)) has an empty operator_code") }
            guard seen.insert(uid).inserted else { throw fail("repeats card_uid \(uid)") }
            return Operator(cardUID: uid, operatorCode: entry.operatorCode, name: entry.name)
        }
        return OperatorRegistry(version: version, operators: operators)
    }
}
