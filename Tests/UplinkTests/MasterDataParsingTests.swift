import Foundation
import Testing
import Uplink

/// The three master data documents parse exactly as the contract says and refuse bad input with clear errors.
@Suite struct MasterDataParsingTests {
    /// Bytes of a text.
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Catalogue with optional fields present and absent.
    @Test func catalogue() throws {
        let parsed = try MasterCatalogue.parse(
            Self.bytes(
                #"{"version":"v1","items":[{"code":"P0001","name":"猪肉","unit_price_fen_per_kg":2800,"plu":null,"gtins":[]},"#
                    + #"{"code":"P0002","name":"牛肉","unit_price_fen_per_kg":8800,"plu":"0002","gtins":["06901234567892"]}]}"#
            ))
        #expect(parsed.version == "v1")
        #expect(parsed.items[0] == MasterCatalogue.Item(code: "P0001", name: "猪肉", unitPriceFenPerKg: 2800))
        #expect(parsed.items[1].gtins == ["06901234567892"])
    }

    /// Bad catalogues name the entry and key.
    @Test(arguments: [
        (#"{"version":"v","items":[{"code":"P1","name":"a","unit_price_fen_per_kg":28.5}]}"#, "unit_price_fen_per_kg"),
        (#"{"version":"v","items":[{"code":"P1","name":"a"}]}"#, "items[0].unit_price_fen_per_kg"),
        (
            #"{"version":"v","items":[{"code":"P1","name":"a","unit_price_fen_per_kg":1},{"code":"P1","name":"b","unit_price_fen_per_kg":1}]}"#,
            "repeats"
        ),
        (#"{"version":"v","items":[{"code":"","name":"a","unit_price_fen_per_kg":1}]}"#, "empty code"),
        (#"{"version":"v","items":[{"code":"P1","name":"a","unit_price_fen_per_kg":-1}]}"#, "negative"),
        ("<html>", "not valid JSON"),
    ])
    func badCatalogue(_ body: String, _ words: String) {
        #expect {
            try MasterCatalogue.parse(Self.bytes(body))
        } throws: { error in
            "\(error)".contains(words) && "\(error)".contains("catalogue")
        }
    }

    /// Operators: UIDs upper-cased, lookup by UID, bad UIDs refused.
    @Test func operators() throws {
        let parsed = try OperatorRegistry.parse(
            Self.bytes(
                #"{"version":"v","operators":[{"card_uid":"04a1b2c3d4","operator_code":"3301020010001","name":"张三"}]}"#)
        )
        #expect(parsed.operators[0].cardUID == "04A1B2C3D4")
        #expect(parsed.operatorFor(cardUID: "04a1B2c3D4")?.name == "张三")
        #expect(throws: MasterDataError.self) {
            try OperatorRegistry.parse(
                Self.bytes(#"{"version":"v","operators":[{"card_uid":"04A1B","operator_code":"1","name":"x"}]}"#))
        }
    }

    /// Stop orders: RFC 3339 times, lookup across parents, bad times refused.
    @Test func stopOrders() throws {
        let parsed = try StopTradeOrders.parse(
            Self.bytes(
                #"{"version":"v","orders":[{"code":"33010200100020000001","reason":"瘦肉精 positive","issued_at":"2026-11-20T08:00:00.000Z"}]}"#
            ))
        #expect(parsed.orders[0].issuedAt == Date(timeIntervalSince1970: 1_795_161_600))
        #expect(parsed.order(stopping: ["x", "33010200100020000001"])?.reason == "瘦肉精 positive")
        #expect(parsed.order(stopping: ["x"]) == nil)
        #expect {
            try StopTradeOrders.parse(
                Self.bytes(#"{"version":"v","orders":[{"code":"c","reason":"r","issued_at":"yesterday"}]}"#))
        } throws: { error in
            "\(error)" == "master data stop-orders: orders[0] (c) issued_at 'yesterday' is not an RFC 3339 time"
        }
        #expect {
            try StopTradeOrders.parse(
                Self.bytes(#"{"version":"v","orders":[{"code":"","reason":"r","issued_at":"yesterday"}]}"#))
        } throws: { error in
            "\(error)" == "master data stop-orders: orders[0] has an empty code"
        }
    }

    /// A code listed twice is kept once, the first.
    @Test func repeatedStopOrder() throws {
        let parsed = try StopTradeOrders.parse(
            Self.bytes(
                #"{"version":"v","orders":[{"code":"c","reason":"first","issued_at":"2026-11-20T08:00:00+08:00"},"#
                    + #"{"code":"c","reason":"second","issued_at":"2026-11-21T08:00:00Z"}]}"#))
        #expect(parsed.orders.map(\.reason) == ["first"])
        #expect(parsed.orders[0].issuedAt == Date(timeIntervalSince1970: 1_795_132_800))
    }
}
