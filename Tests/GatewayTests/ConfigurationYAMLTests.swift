import DeviceIO
import DeviceProtocols
import Foundation
import SimulatedGateway
import Testing

@testable import Gateway

/// `GatewayConfiguration.yaml()` writes what `load(yaml:file:)` reads back to an equal value.
@Suite("Configuration: written as YAML")
struct ConfigurationYAMLTests {
    /// value → YAML → load, which must give the value again (warnings are advice, not configuration).
    static func roundTrip(_ configuration: GatewayConfiguration) throws -> GatewayConfiguration {
        let text = try configuration.yaml()
        var loaded = try GatewayConfiguration.load(yaml: text, file: "written.yaml")
        loaded.warnings = []
        return loaded
    }

    @Test func demoConfigurationRoundTrips() throws {
        let offline = DemoConfiguration.configuration(ledgerPath: "/tmp/demo.db", stalls: 3, apiPort: 0)
        #expect(try Self.roundTrip(offline) == offline)
        let online = DemoConfiguration.configuration(
            ledgerPath: "/tmp/demo.db", platformURL: URL(string: "http://127.0.0.1:9999"))
        #expect(try Self.roundTrip(online) == online)
        #expect(online.uplink?.platforms.first?.name == DemoConfiguration.platformName)
    }

    /// Serial (path and adapter), simulated, evdev and usb-hid devices, and an uplink with every key.
    @Test func deviceMixAndUplinkRoundTrip() throws {
        let configuration = try EveryKeyConfiguration.value()
        #expect(try Self.roundTrip(configuration) == configuration)
    }

    @Test func uplinkPlatformsRoundTrip() throws {
        var configuration = DemoConfiguration.configuration(ledgerPath: "/tmp/demo.db", stalls: 1)
        var city = UplinkPlatformSettings(
            name: "city", url: URL(string: "https://trace.example.gov.cn/tracegate")!, format: .cityFormJSON)
        city.cityFormMethod = "uploadRetailTrades"
        city.tokenFile = "/etc/tracegate/city.token"
        var epcis = UplinkPlatformSettings(
            name: "epcis", url: URL(string: "https://epcis.example.com/capture")!, format: .epcis20)
        epcis.gzip = false
        let central = UplinkPlatformSettings(
            name: "central", url: URL(string: "https://central.example.com")!, format: .tracegateV1)
        configuration.uplink = UplinkSettings(retentionDays: 90, platforms: [central, city, epcis])
        #expect(try Self.roundTrip(configuration) == configuration)
    }

    /// Text that needs quoting or escapes survives: codes with leading zeros, words YAML would take for booleans,
    /// control bytes in a terminator and a poll command.
    @Test func awkwardTextRoundTrips() throws {
        var configuration = DemoConfiguration.configuration(ledgerPath: "/tmp/a path: with colon #1.db", stalls: 1)
        configuration.node.name = "yes"
        configuration.catalogue[1].plu = "000001"
        configuration.devices[1].decoder.terminator = .suffix([0x03, 0x5C, 0x0D, 0xE4, 0xB8, 0xAD])
        configuration.devices[0].decoder.options.pollCommand = [0x04, 0xFF, 0x0A]
        #expect(try Self.roundTrip(configuration) == configuration)
    }

    @Test func sampleFileRoundTrips() throws {
        var sample = try GatewayConfiguration.load(
            path: repositoryRoot.appendingPathComponent("config/tracegate.sample.yaml").path)
        sample.warnings = []
        #expect(try Self.roundTrip(sample) == sample)
    }
}
