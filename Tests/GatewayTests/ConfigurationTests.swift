import Foundation
import SimulatedGateway
import Testing
import TradeLogic

@testable import Gateway

/// The repository root, found from this file's path (tests run from anywhere).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite("Configuration")
struct ConfigurationTests {
    @Test func sampleFileInTheRepositoryIsValid() throws {
        let path = repositoryRoot.appendingPathComponent("config/tracegate.sample.yaml").path
        let configuration = try GatewayConfiguration.load(path: path)
        #expect(configuration.node.code == "330102001")
        #expect(configuration.stations.count == 1)
        let station = configuration.stations[0]
        #expect(station.rules.defaultProduct?.unitPriceFenPerKg == 3000, "15.00 per 斤 is 30.00 per kg")
        #expect(station.commandCodes["*CONFIRM*"] == .confirm)
        #expect(configuration.device("scale-12")?.port.serial?.line.baud == 9600)
        #expect(configuration.warnings.isEmpty)
    }

    @Test func embeddedDemoConfigurationIsValid() throws {
        let configuration = try GatewayConfiguration.load(
            yaml: DemoConfiguration.configuration(ledgerPath: "/tmp/x.db", stalls: 3).yaml(), file: "<demo>")
        #expect(configuration.stations.map(\.id) == ["stall-1", "stall-2", "stall-3"])
        #expect(configuration.devices.allSatisfy { $0.simulate })
    }

    @Test func everyErrorNamesFileLineAndKey() throws {
        let yaml = """
            node:
              code: "33010200"
              type: market
              operators:
                - code: "3301020010001"
            devices:
              - id: s1
                protocol: xk3190-tf0
                path: /dev/serial/by-id/x
                baudrate: 9600
              - id: s2
                protocol: no-such-scale
                path: /dev/x
            stations:
              - id: st1
                operator: "3301020019999"
                scale: s3
                trigger: auto
            """
        do {
            _ = try GatewayConfiguration.load(yaml: yaml, file: "/etc/tracegate/bad.yaml")
            Issue.record("an invalid file must not load")
        } catch let error as ConfigurationError {
            let lines = error.issues.map(\.description)
            #expect(lines.contains("/etc/tracegate/bad.yaml:2: node.code: must be exactly 9 digits (got '33010200')"))
            #expect(
                lines.contains { $0.hasPrefix("/etc/tracegate/bad.yaml:3: node.type: must be one of slaughterhouse") })
            #expect(
                lines.contains {
                    $0.hasPrefix("/etc/tracegate/bad.yaml:10: devices[0].baudrate: unknown key (did you mean 'baud'?)")
                })
            #expect(
                lines.contains {
                    $0.hasPrefix(
                        "/etc/tracegate/bad.yaml:12: devices[1].protocol: unknown protocol 'no-such-scale'; known: ")
                })
            #expect(
                lines.contains(
                    "/etc/tracegate/bad.yaml:16: stations[0].operator: operator 3301020019999 is not listed under node.operators"
                ))
            #expect(
                lines.contains("/etc/tracegate/bad.yaml:17: stations[0].scale: no device with id 's3' (scales: s1)"))
            #expect(
                lines.contains(
                    "/etc/tracegate/bad.yaml:18: stations[0].trigger: must be one of stable, confirm (got 'auto')"))
        }
    }

    @Test func syntaxErrorsHaveALine() {
        let yaml = "node:\n  code: \"330102001\n  name: x\n"
        #expect {
            try GatewayConfiguration.load(yaml: yaml, file: "broken.yaml")
        } throws: { error in
            guard let error = error as? ConfigurationError, let issue = error.issues.first else { return false }
            return issue.file == "broken.yaml" && issue.line != nil && issue.message.contains("YAML syntax error")
        }
    }

    @Test func bareTtyUSBPathIsAWarningNotAnError() throws {
        let yaml = """
            node: {code: "330102001", operators: [{code: "3301020010001"}]}
            devices:
              - {id: s1, protocol: xk3190-tf0, path: /dev/ttyUSB0}
            stations:
              - {id: st1, operator: "3301020010001", scale: s1, default_product: "p1"}
            catalogue:
              - {code: p1, name: Pork, price_fen: 3000}
            """
        let configuration = try GatewayConfiguration.load(yaml: yaml, file: "w.yaml")
        #expect(configuration.warnings.count == 1)
        #expect(
            configuration.warnings[0].description.contains(
                "w.yaml:3: devices[0].path: uses /dev/ttyUSB0, which can change"))
    }

    @Test func rfidReaderIsADeviceKindButNotAScale() throws {
        let valid = """
            node: {code: "330102001", operators: [{code: "3301020010001"}]}
            devices:
              - {id: s1, protocol: xk3190-tf0, path: /dev/tracegate/scale-1}
              - {id: r1, protocol: uhf-chafon, path: /dev/tracegate/rfid-1}
            stations:
              - {id: st1, operator: "3301020010001", scale: s1, default_product: "p1"}
            catalogue:
              - {code: p1, name: Pork, price_fen: 3000}
            """
        let configuration = try GatewayConfiguration.load(yaml: valid, file: "r.yaml")
        #expect(configuration.device("r1")?.kind == .rfid)
        #expect(configuration.device("r1")?.port.serial?.line.baud == 57600)
        let misused = valid.replacingOccurrences(of: "scale: s1", with: "scale: r1")
        do {
            _ = try GatewayConfiguration.load(yaml: misused, file: "r.yaml")
            Issue.record("an RFID reader was accepted as a scale")
        } catch {
            #expect("\(error)".contains("device 'r1' is a rfid, not a scale"), "\(error)")
        }
    }

    @Test func missingFileIsAClearError() {
        #expect(throws: ConfigurationError.self) { try GatewayConfiguration.load(path: "/nonexistent/tracegate.yaml") }
    }
}

@Suite("Configuration: poll commands")
struct PollCommandConfigurationTests {
    static func yaml(pollCommand: String) -> String {
        """
        node: {code: "330102001", operators: [{code: "3301020010001"}]}
        devices:
          - {id: s1, protocol: mt-sics, path: /dev/serial/by-id/x, poll_command: '\(pollCommand)'}
        stations:
          - {id: st1, operator: "3301020010001", scale: s1, default_product: "p1"}
        catalogue:
          - {code: p1, name: Pork, price_fen: 3000}
        """
    }

    @Test func binaryEscapesBecomeSingleBytes() throws {
        let configuration = try GatewayConfiguration.load(
            yaml: Self.yaml(pollCommand: #"\x04\xFF\x01\x1B\xB4"#), file: "p.yaml")
        #expect(configuration.devices[0].decoder.options.pollCommand == [0x04, 0xFF, 0x01, 0x1B, 0xB4])
        let text = try GatewayConfiguration.load(yaml: Self.yaml(pollCommand: #"SI\r\n"#), file: "p.yaml")
        #expect(text.devices[0].decoder.options.pollCommand == Array("SI\r\n".utf8))
    }

    @Test func badEscapeNamesTheKeyAndLine() {
        #expect {
            try GatewayConfiguration.load(yaml: Self.yaml(pollCommand: #"S\q"#), file: "p.yaml")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.issues.contains {
                $0.line == 3 && $0.key == "devices[0].poll_command" && $0.message.contains("bad escape")
            }
        }
    }
}
