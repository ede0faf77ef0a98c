import Foundation

/// The embedded configuration `tracegate-tools demo` runs: one retail market, simulated stalls.
public enum DemoConfiguration {
    /// YAML for `stalls` simulated stalls (each a scale and a scanner), ledger at `ledgerPath`, API on `apiPort`;
    /// with `platformURL`, an uplink to that tracegate-v1 platform (named `demo-platform`) with master data.
    public static func yaml(
        ledgerPath: String, stalls: Int = 2, apiPort: Int = 8417, scaleProtocols: [String] = ["xk3190-tf0", "and"],
        platformURL: String? = nil
    ) -> String {
        let base = offlineYAML(ledgerPath: ledgerPath, stalls: stalls, apiPort: apiPort, scaleProtocols: scaleProtocols)
        guard let platformURL else { return base }
        return base + """

            uplink:
              platforms:
                - name: \(platformName)
                  url: "\(platformURL)"
                  format: tracegate-v1
                  backoff_initial_ms: 100
                  backoff_max_ms: 2000
                  master_data_refresh_s: 30

            """
    }

    /// The uplink platform's name in the demo configuration.
    public static let platformName = "demo-platform"

    /// The offline demo's YAML.
    static func offlineYAML(ledgerPath: String, stalls: Int, apiPort: Int, scaleProtocols: [String]) -> String {
        var devices = ""
        var stations = ""
        for index in 1...max(1, stalls) {
            let scaleProtocol = scaleProtocols[(index - 1) % max(1, scaleProtocols.count)]
            devices += """
                  - id: scale-\(index)
                    protocol: \(scaleProtocol)
                    simulate: true
                  - id: scanner-\(index)
                    protocol: barcode-line
                    simulate: true

                """
            stations += """
                  - id: stall-\(index)
                    operator: "330102001\(String(format: "%04d", index))"
                    scale: scale-\(index)
                    scanner: scanner-\(index)
                    default_product: "10010001"

                """
        }
        var operators = ""
        for index in 1...max(1, stalls) {
            operators += """
                    - code: "330102001\(String(format: "%04d", index))"
                      name: "摊主\(index)"

                """
        }
        return """
            node:
              code: "330102001"
              name: "演示农贸市场 (demo market)"
              type: retail_market
              operators:
            \(operators)
            ledger:
              path: "\(ledgerPath)"
            api:
              listen: 127.0.0.1:\(apiPort)
            devices:
            \(devices)
            catalogue:
              - code: "10010001"
                name: "猪后腿肉"
                price_fen: 1500
                price_unit: jin
                plu: "000123"
                gtin: ["6901234567892"]
              - code: "20010002"
                name: "大白菜"
                price_fen: 180
                price_unit: jin
                plu: "000456"
            stations:
            \(stations)
            """
    }
}
