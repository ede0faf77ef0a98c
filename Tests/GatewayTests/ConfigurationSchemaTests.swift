import DeviceIO
import DeviceProtocols
import Foundation
import Testing
import TradeLogic

@testable import Gateway

/// The schema, the parser and docs/config.md describe the same keys: the document is the schema's generated
/// text, and every key of the schema is read by the parser into the typed configuration.
@Suite("Configuration schema")
struct ConfigurationSchemaTests {
    /// docs/config.md in this checkout.
    static let document = repositoryRoot.appendingPathComponent("docs/config.md")

    @Test func documentIsTheGeneratedText() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        #expect(
            text == ConfigurationSchema.markdown,
            "docs/config.md differs from ConfigurationSchema; regenerate it with `swift run tracegate config keys --markdown > docs/config.md`"
        )
    }

    @Test func everyKeyHasATypeDefaultAndMeaning() {
        for section in ConfigurationSchema.sections {
            #expect(Set(section.names).count == section.names.count, "a key is listed twice in \(section.path)")
            for key in section.keys {
                #expect(
                    !key.type.isEmpty && !key.defaultValue.isEmpty && !key.meaning.isEmpty,
                    "\(section.path(of: key.name))")
            }
        }
    }

    /// A file using every key of the schema loads, and the parser reads each of them: a key the schema lists
    /// but no parser reads would be accepted and ignored.
    @Test func everyKeyOfTheSchemaIsRead() throws {
        let parsed = try GatewayConfiguration.parse(yaml: EveryKeyConfiguration.yaml, file: "every.yaml")
        for section in ConfigurationSchema.sections {
            for key in section.names {
                #expect(parsed.keysRead.contains(section.path(of: key)), "\(section.path(of: key)) is never read")
            }
        }
    }

    /// Each value of that file lands in the typed configuration.
    @Test func everyValueLandsInTheTypedConfiguration() throws {
        var loaded = try GatewayConfiguration.load(yaml: EveryKeyConfiguration.yaml, file: "every.yaml")
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        loaded.warnings = []
        let expected = try EveryKeyConfiguration.value()
        #expect(loaded.node == expected.node)
        #expect(loaded.ledger == expected.ledger)
        #expect(loaded.traceCodeTemplate == expected.traceCodeTemplate)
        #expect(loaded.api == expected.api)
        for (device, wanted) in zip(loaded.devices, expected.devices) { #expect(device == wanted) }
        #expect(loaded.devices.count == expected.devices.count)
        #expect(loaded.catalogue == expected.catalogue)
        #expect(loaded.stations == expected.stations)
        #expect(loaded.uplink == expected.uplink)
        #expect(loaded.hotplug == expected.hotplug)
        #expect(loaded == expected)
    }
}
