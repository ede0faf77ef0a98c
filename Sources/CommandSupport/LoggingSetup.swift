import Logging

/// swift-log to standard error at the chosen level.
public enum LoggingSetup {
    /// Installs the handler once per process.
    public static func bootstrap(level: String) {
        let parsed = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = parsed
            return handler
        }
    }
}
