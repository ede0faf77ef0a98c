/// A gateway configuration for the tests: one market, one station per simulated stall, devices on
/// the paths the simulators link, written as YAML the way an installer would write it.
struct TestGateway: Sendable {
    /// One station with its scale and scanner.
    struct Stall: Sendable {
        /// Station id, e.g. "stall-1".
        var station: String
        /// Operator code, 13 digits (node code + 4 digits).
        var operatorCode: String
        /// The scale's protocol.
        var scaleProtocol: String
        /// The scale's device path (a simulator's --scale-link).
        var scalePath: String
        /// The scanner's device path (a simulator's --scanner-link).
        var scannerPath: String
        /// `stable` (commit by itself) or `confirm`.
        var trigger = "stable"
    }

    /// The node every test market has.
    static let nodeCode = "330102001"

    /// The ledger file.
    var ledgerPath: String
    /// Stations in order.
    var stalls: [Stall]

    /// Stall `number` (1-based) with devices `scale-N` / `scanner-N` in `directory`.
    static func stall(
        _ number: Int, in directory: ScratchDirectory, scaleProtocol: String = "xk3190-tf0", trigger: String = "stable"
    ) -> Stall {
        Stall(
            station: "stall-\(number)", operatorCode: operatorCode(number), scaleProtocol: scaleProtocol,
            scalePath: directory.file("scale-\(number)"), scannerPath: directory.file("scanner-\(number)"),
            trigger: trigger)
    }

    /// The operator code of stall `number`.
    static func operatorCode(_ number: Int) -> String {
        let digits = String(number)
        return nodeCode + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The configuration file's text. `stable_ms: 100` so the simulators' settled items (held
    /// 1.5–3 s) become trades quickly.
    var yaml: String {
        var text = """
            node:
              code: "\(Self.nodeCode)"
              name: "端到端测试市场 (end-to-end test market)"
              type: retail_market
              operators:

            """
        for stall in stalls {
            text += "    - code: \"\(stall.operatorCode)\"\n      name: \"摊主 \(stall.station)\"\n"
        }
        text += """
            ledger:
              path: "\(ledgerPath)"
            trace_code:
              template: "{operator}{seq:7}"
            api:
              listen: 127.0.0.1:8417
            devices:

            """
        for (index, stall) in stalls.enumerated() {
            text += """
                  - id: scale-\(index + 1)
                    protocol: \(stall.scaleProtocol)
                    path: "\(stall.scalePath)"
                  - id: scanner-\(index + 1)
                    protocol: barcode-line
                    path: "\(stall.scannerPath)"

                """
        }
        text += """
            catalogue:
              - code: "10010001"
                name: "猪后腿肉"
                price_fen: 1500
                price_unit: jin
                plu: "000123"
                gtin: ["6901234567892"]
            stations:

            """
        for (index, stall) in stalls.enumerated() {
            text += """
                  - id: \(stall.station)
                    operator: "\(stall.operatorCode)"
                    scale: scale-\(index + 1)
                    scanner: scanner-\(index + 1)
                    trigger: \(stall.trigger)
                    stable_ms: 100
                    default_product: "10010001"

                """
        }
        return text
    }
}
