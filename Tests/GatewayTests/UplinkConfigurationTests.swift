import Foundation
import Testing

@testable import Gateway

/// The `uplink:` section.
@Suite("Uplink configuration")
struct UplinkConfigurationTests {
    /// A valid base file; `uplink` is appended.
    static let base = """
        node: {code: "330102001", operators: [{code: "3301020010001"}]}
        devices:
          - {id: scale, protocol: xk3190-a12, path: /dev/tracegate/scale}
        catalogue:
          - {code: "10010001", name: 猪肉, price_fen: 1500, price_unit: jin}
        stations:
          - {id: stall-1, operator: "3301020010001", scale: scale}

        """

    /// Loads base + `uplink`.
    func load(_ uplink: String) throws -> GatewayConfiguration {
        try GatewayConfiguration.load(yaml: Self.base + uplink, file: "gw.yaml")
    }

    /// The issues of a file that must not load.
    func issues(_ uplink: String) -> [String] {
        do {
            _ = try load(uplink)
            return []
        } catch let error as ConfigurationError {
            return error.issues.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test func absentSectionMeansOffline() throws {
        #expect(try load("").uplink == nil)
    }

    @Test func fullPlatformParses() throws {
        let configuration = try load(
            """
            uplink:
              retention_days: 14
              platforms:
                - name: city
                  url: https://trace.example.gov.cn/tracegate
                  format: tracegate-v1
                  token_file: /etc/tracegate/city.token
                  ca_file: /etc/tracegate/city-ca.pem
                  client_certificate: /etc/tracegate/gw.pem
                  client_key: /etc/tracegate/gw.key
                  max_batch_trades: 200
                  max_batch_bytes: 65536
                  gzip: false
                  timeout_ms: 5000
                  backoff_initial_ms: 250
                  backoff_max_ms: 60000
                - name: province
                  url: http://127.0.0.1:8480/epcis
                  format: epcis-2.0
                - name: legacy
                  url: https://legacy.example.gov.cn/api
                  format: city-form-json
                  city_form_method: uploadRetailTrades
            """)
        let uplink = try #require(configuration.uplink)
        #expect(uplink.retentionDays == 14)
        #expect(uplink.platforms.map(\.name) == ["city", "province", "legacy"])
        let city = uplink.platforms[0]
        #expect(city.format == .tracegateV1)
        #expect(city.url.absoluteString == "https://trace.example.gov.cn/tracegate")
        #expect(city.tokenFile == "/etc/tracegate/city.token")
        #expect(city.clientKey == "/etc/tracegate/gw.key")
        #expect(city.maxBatchTrades == 200 && city.maxBatchBytes == 65536 && !city.gzip)
        #expect(city.timeoutMilliseconds == 5000 && city.backoffInitialMilliseconds == 250)
        #expect(city.backoffMaxMilliseconds == 60000)
        #expect(uplink.platforms[1].format == .epcis20 && uplink.platforms[1].maxBatchTrades == 500)
        #expect(uplink.platforms[2].cityFormMethod == "uploadRetailTrades")
    }

    @Test func mistakesNameFileLineAndKey() {
        let found = issues(
            """
            uplink:
              retension_days: 3
              platforms:
                - name: city
                  url: http://trace.example.gov.cn/x
                  format: tracegate-v2
                - name: city
                  url: not a url
                  format: epcis-2.0
                  client_certificate: /etc/gw.pem
                - name: form
                  url: https://x.example.cn
                  format: city-form-json
            """)
        let expected = [
            "gw.yaml:9: uplink.retension_days: unknown key (did you mean 'retention_days'?)",
            "gw.yaml:12: uplink.platforms[0].url: plain http:// to trace.example.gov.cn",
            "gw.yaml:13: uplink.platforms[0].format: must be one of tracegate-v1, epcis-2.0, city-form-json",
            "gw.yaml:15: uplink.platforms[1].url: must be an absolute https:// URL",
            "uplink.platforms[1].client_key: client_certificate and client_key go together",
            "uplink.platforms[2].city_form_method: missing (required for format city-form-json)",
        ]
        for text in expected {
            #expect(found.contains { $0.contains(text) }, "missing: \(text)\nfound: \(found.joined(separator: "\n"))")
        }
    }

    @Test func duplicateNamesAndInsecureOptIn() throws {
        let duplicate = issues(
            """
            uplink:
              platforms:
                - {name: city, url: "https://a.example.cn", format: tracegate-v1}
                - {name: city, url: "https://b.example.cn", format: tracegate-v1}
            """)
        #expect(duplicate.contains { $0.contains("uplink.platforms[1].name: platform name 'city' is used twice") })
        let insecure = try load(
            """
            uplink:
              platforms:
                - {name: rig, url: "http://10.0.0.5:8080", format: tracegate-v1, allow_insecure_http: true}
            """)
        #expect(insecure.uplink?.platforms.first?.allowInsecureHTTP == true)
        #expect(issues("uplink: {platforms: []}").contains { $0.contains("at least one platform") })
    }
}
