import DeviceProtocols
import Foundation
import Testing

/// docs/protocols.md describes exactly the catalogue: one table row per protocol, in catalogue order, and the
/// recipe for adding one.
@Suite struct ProtocolDocsTests {
    /// docs/protocols.md in this checkout.
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/protocols.md")

    /// The rows of the protocol table: lines starting with "| `name` |", keyed by name, in order.
    static func tableRows() throws -> [(name: String, line: String)] {
        let text = try String(contentsOf: document, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| `") else { return nil }
            let cell = line.dropFirst(3)
            guard let end = cell.firstIndex(of: "`") else { return nil }
            return (String(cell[..<end]), String(line))
        }
    }

    /// Every catalogue name has a row and every row names a catalogue protocol, in the catalogue's order.
    @Test func tableListsTheCatalogue() throws {
        let rows = try Self.tableRows()
        #expect(rows.map(\.name) == ProtocolCatalog.all.map(\.name))
        for descriptor in ProtocolCatalog.all where !rows.contains(where: { $0.name == descriptor.name }) {
            Issue.record("docs/protocols.md has no table row for \(descriptor.name)")
        }
    }

    /// A protocol its descriptor calls unconfirmed on hardware says so in its table row too.
    @Test func unconfirmedProtocolsAreMarked() throws {
        let rows = try Self.tableRows()
        for descriptor in ProtocolCatalog.all where descriptor.summary.contains("unconfirmed on hardware") {
            let row = rows.first { $0.name == descriptor.name }?.line ?? ""
            #expect(row.contains("unconfirmed on hardware"), "\(descriptor.name)")
        }
    }

    /// The recipe for adding a protocol is there and names the files it touches.
    @Test func recipeIsThere() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        #expect(text.contains("## Adding a protocol"))
        for file in ["ProtocolCatalog.swift", "Fixtures/", "docs/protocols.md", "static let descriptor"] {
            #expect(text.contains(file), "the recipe should mention \(file)")
        }
    }
}
