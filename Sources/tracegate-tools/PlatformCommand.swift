import ArgumentParser
import CommandSupport
import Foundation
import Logging
import ReferencePlatform

/// `tracegate-tools platform`: the reference city platform, for tests and the demo (docs/reference-platform.md).
struct PlatformCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "platform",
        abstract: "Run a reference city traceability platform (tracegate-v1, EPCIS capture, city-form, master data).",
        discussion: """
            Stores every trade once by trace code in its own SQLite file and injects faults on demand, so the
            gateway's delivery can be watched and tested. Open the printed URL in a browser to look up a trace
            code and its chain of parents. Faults can also be changed while it runs: PUT /admin/faults.
            SIGINT or SIGTERM stop it.
            """)

    @Option(help: "Port to listen on (0: any free port; the URL is printed).")
    var port: Int = 8480

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The platform's SQLite file (created when missing).")
    var db: String = "platform.sqlite"

    @Option(help: "Master data seed file (JSON, or YAML by .yaml/.yml): catalogue, operators, stop_orders.")
    var master: String?

    @Option(help: "File holding the bearer token every API request must carry.")
    var tokenFile: String?

    @Option(help: "Serve HTTPS with this PEM certificate chain (needs --tls-key).")
    var tlsCert: String?

    @Option(help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(help: "Require client certificates chaining to this PEM CA bundle (mTLS; needs --tls-cert).")
    var clientCa: String?

    @Option(help: "Fraction of API requests answered 500.")
    var errorRate: Double = 0

    @Option(help: "Fraction of API requests whose connection is reset before anything is stored.")
    var resetRate: Double = 0

    @Option(help: "Fraction of API requests stored, then reset instead of answered (a lost answer).")
    var dropRate: Double = 0

    @Option(help: "Fraction of items answered `retry` (not stored).")
    var partialRate: Double = 0

    @Option(name: .customLong("rate-limit-rate"), help: "Fraction of API requests answered 429 with Retry-After.")
    var rateLimitRate: Double = 0

    @Option(help: "Fraction of API requests answered 503 with Retry-After.")
    var unavailableRate: Double = 0

    @Option(help: "Retry-After seconds of 429 and 503 answers.")
    var retryAfterS: Int = 1

    @Option(help: "Milliseconds added before every API request is handled.")
    var latencyMs: Int = 0

    @Option(help: "Be down (reset every API connection) for this many seconds from start.")
    var downForS: Double = 0

    @Option(help: "Trace codes to answer `rejected` (comma-separated).")
    var rejectCodes: String = ""

    @Flag(help: "Reject trace codes that are not 20 digits.")
    var rejectMalformed = false

    @Option(help: "Seed of the fault sequence (same seed, same faults).")
    var seed: UInt64 = 1

    @Option(help: "Milliseconds an EPCIS capture job reports `running` before its outcome.")
    var captureDelayMs: Int = 0

    @Option(help: "Most events in one EPCIS capture (GS1-EPCIS-Capture-Limit).")
    var captureLimit: Int = 10_000

    @Option(help: "Most bytes in one EPCIS capture (GS1-EPCIS-Capture-File-Size-Limit).")
    var captureBytes: Int = 32 << 20

    @Option(help: "Most trades in one tracegate-v1 batch (more is a 413).")
    var maxBatch: Int = 10_000

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "warning"

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if clientCa != nil && tlsCert == nil { throw ValidationError("--client-ca needs --tls-cert and --tls-key") }
    }

    func run() async throws {
        signal(SIGPIPE, SIG_IGN)
        LoggingSetup.bootstrap(level: logLevel)
        var configuration = PlatformConfiguration(databasePath: db, host: host, port: port)
        configuration.faults = FaultSettings(
            errorRate: errorRate, resetRate: resetRate, dropAfterStoreRate: dropRate, partialRate: partialRate,
            rateLimitRate: rateLimitRate, unavailableRate: unavailableRate, retryAfterSeconds: retryAfterS,
            latencyMilliseconds: latencyMs, downForSeconds: downForS,
            rejectTraceCodes: rejectCodes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
            rejectMalformedTraceCodes: rejectMalformed, seed: seed)
        configuration.captureDelayMilliseconds = captureDelayMs
        configuration.captureEventLimit = captureLimit
        configuration.captureByteLimit = captureBytes
        configuration.maxBatchTrades = maxBatch
        if let tlsCert, let tlsKey {
            configuration.tls = PlatformTLSFiles(
                certificatePath: tlsCert, privateKeyPath: tlsKey, clientCAPath: clientCa)
        }
        let platform: ReferencePlatform
        do {
            if let master { configuration.masterData = try MasterData.load(path: master) }
            if let tokenFile {
                guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                    throw PlatformError("cannot read the token file \(tokenFile); check the path and permissions")
                }
                configuration.bearerToken = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            platform = try ReferencePlatform(configuration: configuration)
        } catch let error as PlatformError {
            printError("tracegate-tools platform: not starting: \(error.message)")
            throw ExitCode(78)  // EX_CONFIG
        }
        let database = db
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await platform.runUntilSignalled() }
            group.addTask {
                _ = try await platform.listeningPort()
                printError("tracegate-tools platform: listening on \(platform.url ?? "?") (database \(database))")
                writeOutput(Data(((platform.url ?? "") + "\n").utf8))
            }
            try await group.waitForAll()
        }
    }
}
