import ArgumentParser
import CommandSupport
import Foundation
import Gateway
import Ledger

/// Options that name a ledger: `--ledger PATH`, or the `ledger.path` of `--config FILE`. The ledger-reading
/// commands (`LedgerLocation`) and the uplink commands (`UplinkLocation`) find and open it the same way.
protocol LedgerLocating {
    /// `--ledger`: the ledger file, when given.
    var ledger: String? { get }
    /// `--config`: the gateway configuration file.
    var config: String { get }
}

extension LedgerLocating {
    /// The ledger path to open.
    func ledgerPath() throws -> String {
        if let ledger { return ledger }
        do {
            return try GatewayConfiguration.load(path: config).ledger.path
        } catch {
            throw ValidationError("Cannot find the ledger: \(error)\nGive --ledger PATH or a valid --config FILE.")
        }
    }

    /// Opens the ledger read-only (safe while the daemon runs), turning errors into a message for the operator.
    func openReader() throws -> LedgerReader {
        let path = try ledgerPath()
        do {
            return try TradeLedger.openReadOnly(path: path)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}

/// Where a ledger-reading command finds the ledger: `--ledger PATH`, or the `ledger.path` of `--config FILE`.
struct LedgerLocation: ParsableArguments, LedgerLocating {
    @Option(help: "The ledger file (default: ledger.path from --config).")
    var ledger: String?

    @Option(help: "The gateway configuration file.")
    var config: String = "/etc/tracegate/tracegate.yaml"
}
