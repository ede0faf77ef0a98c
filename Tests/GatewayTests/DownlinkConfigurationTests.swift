import Foundation
import Testing

@testable import Gateway

/// `master_data` and `master_data_refresh_s` under `uplink.platforms[]`.
@Suite("Downlink configuration")
struct DownlinkConfigurationTests {
    /// Loads the uplink configuration tests' base file plus `uplink`.
    let tests = UplinkConfigurationTests()

    @Test func defaultsFollowTheFormat() throws {
        let configuration = try tests.load(
            """
            uplink:
              platforms:
                - {name: city, url: "https://a.example.cn", format: tracegate-v1}
                - {name: epcis, url: "https://b.example.cn", format: epcis-2.0}
                - {name: quiet, url: "https://c.example.cn", format: tracegate-v1, master_data: false,
                   master_data_refresh_s: 60}
            """)
        let platforms = try #require(configuration.uplink?.platforms)
        #expect(platforms.map(\.masterData) == [true, false, false])
        #expect(platforms.map(\.masterDataRefreshSeconds) == [300, 300, 60])
    }

    @Test func mistakesNameLineAndKey() {
        let found = tests.issues(
            """
            uplink:
              platforms:
                - name: epcis
                  url: https://b.example.cn
                  format: epcis-2.0
                  master_data: true
                  master_data_refresh_s: 1
            """)
        #expect(
            found.contains {
                $0.hasPrefix("gw.yaml:13: uplink.platforms[0].master_data:")
                    && $0.contains("tracegate-v1 platforms only")
            }, "\(found)")
        #expect(found.contains { $0.hasPrefix("gw.yaml:14: uplink.platforms[0].master_data_refresh_s:") }, "\(found)")
    }
}
