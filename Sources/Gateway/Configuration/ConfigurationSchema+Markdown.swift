import Foundation

extension ConfigurationSchema {
    /// docs/config.md: every section and key with its type, default and meaning.
    public static var markdown: String {
        var lines = [
            "# Configuration keys",
            "",
            "<!-- Generated from Sources/Gateway/Configuration/ConfigurationSchema.swift; do not edit by hand. -->",
            "<!-- Regenerate: swift run tracegate config keys --markdown > docs/config.md -->",
            "",
            "Every key of the gateway's YAML file (`/etc/tracegate/tracegate.yaml`), generated from the schema the "
                + "parser takes its allowed keys from; `ConfigurationSchemaTests` fails when this file differs from "
                + "the generated text. A commented example is `config/tracegate.sample.yaml`; "
                + "`tracegate config check FILE` names the file, line and key of every mistake.",
        ]
        for section in sections {
            lines += ["", "## \(section.path.isEmpty ? "Top level" : "`\(section.path)`")", "", section.summary, ""]
            lines += ["| Key | Type | Default | Meaning |", "| --- | --- | --- | --- |"]
            for key in section.keys {
                let cells = ["`\(key.name)`", key.type, key.defaultValue, key.meaning].map(tableCell)
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The keys as plain text, one per line: `path  type  (default: …)  meaning`.
    public static var text: String {
        sections.flatMap { section in
            section.keys.map { key in
                "\(section.path(of: key.name))  \(key.type)  (default: \(key.defaultValue))  \(key.meaning)"
            }
        }.joined(separator: "\n") + "\n"
    }

    /// `text` safe inside a Markdown table cell.
    private static func tableCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
