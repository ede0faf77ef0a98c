import Uplink

/// One operator card of the registry the platform publishes (`GET /v1/master/operators`).
public struct OperatorEntry: Sendable, Hashable, Codable {
    /// Card UID, uppercase hex as ISO 14443 readers report it in default byte order.
    public var cardUID: String
    /// 13-digit operator code.
    public var operatorCode: String
    /// Operator name.
    public var name: String

    /// Creates an entry; the UID is uppercased.
    public init(cardUID: String, operatorCode: String, name: String) {
        self.cardUID = cardUID.uppercased()
        self.operatorCode = operatorCode
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case cardUID = "card_uid"
        case operatorCode = "operator_code"
        case name
    }

    /// Reads an entry and uppercases the UID.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            cardUID: try c.decode(String.self, forKey: .cardUID),
            operatorCode: try c.decode(String.self, forKey: .operatorCode),
            name: try c.decode(String.self, forKey: .name))
    }

    /// As published.
    var json: OrderedJSON {
        .object([("card_uid", .string(cardUID)), ("operator_code", .string(operatorCode)), ("name", .string(name))])
    }
}
