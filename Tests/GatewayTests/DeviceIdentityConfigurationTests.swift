import DeviceIO
import Foundation
import Testing

@testable import Gateway

/// `usb:` identities, the ttyUSB warning and the `hotplug:` section (docs/devices-identity.md).
@Suite("Device identity configuration")
struct DeviceIdentityConfigurationTests {
    /// A minimal valid file around `devices` (one station on device s1) and extra top-level text.
    static func yaml(devices: String, extra: String = "") -> String {
        """
        node:
          code: "330102001"
          operators:
            - code: "3301020010001"
        devices:
        \(devices)
        stations:
          - id: st1
            operator: "3301020010001"
            scale: s1
        \(extra)
        """
    }

    /// usb: with serial, usb: with port; both become `.usb` identities; hotplug settings are read.
    @Test func usbIdentitiesAndHotplugSettingsLoad() throws {
        let configuration = try GatewayConfiguration.load(
            yaml: Self.yaml(
                devices: """
                      - id: s1
                        protocol: xk3190-tf0
                        usb: {vid: "0403", pid: "6001", serial: "A10K1234"}
                      - id: r1
                        protocol: uhf-r2000
                        usb: {vid: "1a86", pid: "7523", port: "1-1.3"}
                    """,
                extra: "hotplug: {netlink: false, rescan_interval_ms: 500}"),
            file: "t.yaml")
        #expect(
            configuration.device("s1")?.identity
                == .usb(USBSerialMatch(vendorID: "0403", productID: "6001", serial: "A10K1234")))
        #expect(
            configuration.device("r1")?.identity
                == .usb(USBSerialMatch(vendorID: "1a86", productID: "7523", port: "1-1.3")))
        #expect(configuration.hotplug.netlink == false)
        #expect(configuration.hotplug.rescanIntervalMilliseconds == 500)
        #expect(configuration.warnings.isEmpty)
    }

    /// Bad ids, a bad port, path and usb together: each reported with file, line and key.
    @Test func badUSBIdentitiesNameFileLineAndKey() throws {
        let yaml = Self.yaml(
            devices: """
                  - id: s1
                    protocol: xk3190-tf0
                    path: /dev/serial/by-id/x
                    usb: {vid: "1a8", pid: "7523", port: "one"}
                """)
        do {
            _ = try GatewayConfiguration.load(yaml: yaml, file: "t.yaml")
            Issue.record("must not load")
        } catch let error as ConfigurationError {
            let lines = error.issues.map(\.description)
            #expect(lines.contains { $0.hasPrefix("t.yaml:9: devices[0].usb.vid: must be 4 hex digits") })
            #expect(lines.contains { $0.hasPrefix("t.yaml:9: devices[0].usb.port: must be a USB port path") })
            #expect(lines.contains { $0.hasPrefix("t.yaml:9: devices[0].usb: give either path or usb") })
        }
    }

    /// A bare /dev/ttyUSB0 loads with a warning that says why and what to use; a CH340 without port warns too.
    @Test func unstableNamesAndSerialLessChipsWarn() throws {
        let configuration = try GatewayConfiguration.load(
            yaml: Self.yaml(
                devices: """
                      - id: s1
                        protocol: xk3190-tf0
                        path: /dev/ttyUSB0
                      - id: r1
                        protocol: uhf-r2000
                        usb: {vid: "1a86", pid: "7523"}
                    """),
            file: "t.yaml")
        let warnings = configuration.warnings.map(\.description)
        #expect(warnings.count == 2)
        #expect(
            warnings.contains {
                $0.hasPrefix("t.yaml:8: devices[0].path: uses /dev/ttyUSB0, which can change at the next boot")
                    && $0.contains("usb: {vid, pid, serial or port}")
            })
        #expect(
            warnings.contains { $0.contains("devices[1].usb") && $0.contains("CH340 adapters have no serial number") })
    }
}
