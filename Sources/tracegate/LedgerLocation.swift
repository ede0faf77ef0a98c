import ArgumentParser
import Foundation
import Gateway

/// Where a ledger-reading command finds the ledger: `--ledger PATH`, or the `ledger.path` of `--config FILE`.
struct LedgerLocation: ParsableArguments {
    @Option(help: "The ledger file (default: ledger.path from --config).")
    var ledger: String?

    @Option(help: "The gateway configuration file.")
    var config: String = "/etc/tracegate/tracegate.yaml"

    /// The ledger path to open.
    func path() throws -> String {
        if let ledger { return ledger }
        do {
            return try GatewayConfiguration.load(path: config).ledger.path
        } catch let error as ConfigurationError {
            throw ValidationError("Cannot find the ledger: \(error)\nGive --ledger PATH or a valid --config FILE.")
        }
    }
}
