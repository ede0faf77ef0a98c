import DeviceProtocols
import Foundation
import TraceModel

/// One golden fixture: `Fixtures/<protocol>/<case>.hex` input, `<case>.jsonl` expected output and an
/// optional `<case>.options` (key=value lines) for the decoder.
struct FixtureCase: CustomStringConvertible, Sendable {
    /// Protocol folder name.
    var protocolName: String
    /// Case name.
    var name: String
    /// The `.hex` file.
    var hexURL: URL

    /// "protocol/case", shown by the test runner.
    var description: String { "\(protocolName)/\(name)" }

    /// Every fixture in the bundle, sorted.
    static func all() -> [FixtureCase] {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else { return [] }
        let files =
            FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
        return files.filter { $0.pathExtension == "hex" }
            .map {
                FixtureCase(
                    protocolName: $0.deletingLastPathComponent().lastPathComponent,
                    name: $0.deletingPathExtension().lastPathComponent, hexURL: $0)
            }
            .sorted { $0.description < $1.description }
    }

    /// The input bytes: hex pairs separated by whitespace; `#` starts a comment.
    func input() throws -> [UInt8] {
        let text = try String(contentsOf: hexURL, encoding: .utf8)
        return try Self.parseHex(text)
    }

    /// Parses hex text.
    static func parseHex(_ text: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for line in text.split(separator: "\n") {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for token in content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }) {
                guard token.count == 2, let byte = UInt8(token, radix: 16) else {
                    throw FixtureError(message: "bad hex token '\(token)'")
                }
                bytes.append(byte)
            }
        }
        return bytes
    }

    /// The expected JSON lines (empty lines skipped), or nil when the file is missing.
    func expectedLines() -> [String]? {
        guard
            let text = try? String(
                contentsOf: hexURL.deletingPathExtension().appendingPathExtension("jsonl"), encoding: .utf8)
        else { return nil }
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// The decoder options of the case, from `key=value` lines (parsed as the CLI parses them).
    func options() throws -> DecoderOptions {
        let url = hexURL.deletingPathExtension().appendingPathExtension("options")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return DecoderOptions() }
        return try DecoderOptions(keyValues: text.split(separator: "\n").map(String.init))
    }
}

/// A malformed fixture file.
struct FixtureError: Error, CustomStringConvertible {
    /// What is wrong.
    var message: String
    /// The message.
    var description: String { message }
}
