import Logging
import NIOConcurrencyHelpers

/// A log handler that keeps every line, so tests can check what was (not) logged.
struct LogCapture: LogHandler {
    /// The lines so far, shared by all copies.
    let lines: NIOLockedValueBox<[String]>
    /// Metadata set on this handler.
    var metadata: Logger.Metadata = [:]
    /// Everything is logged.
    var logLevel: Logger.Level = .trace

    /// A capture with an empty buffer.
    init() { lines = NIOLockedValueBox([]) }

    /// A logger writing here.
    var logger: Logger {
        let handler = self
        return Logger(label: "test") { _ in handler }
    }

    /// Every line joined.
    var text: String { lines.withLockedValue { $0.joined(separator: "\n") } }

    /// Metadata access.
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Records the message with its metadata.
    func log(event: LogEvent) {
        let line = "\(event.level) \(event.message) \(metadata.merging(event.metadata ?? [:]) { $1 })"
        lines.withLockedValue { $0.append(line) }
    }
}
