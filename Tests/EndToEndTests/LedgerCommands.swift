/// The ledger as the operator's commands show it: `tracegate trades list --json` and `tracegate verify`,
/// run as separate processes on the ledger file.
struct LedgerCommands: Sendable {
    /// The ledger file.
    var ledgerPath: String
    /// Where the commands' output files go.
    var directory: ScratchDirectory

    /// Every trade, oldest first, from `trades list --ledger PATH --json`; throws if it fails.
    func trades() async throws -> [TradeLine] {
        let result = try await ChildProcess.run(["trades", "list", "--ledger", ledgerPath, "--json"], in: directory)
        guard result.status == 0 else { throw TestFailure("listing the ledger failed: \(result)") }
        return try TradeLine.parse(result.outputLines)
    }

    /// `verify --ledger PATH`.
    func verify() async throws -> ProcessResult {
        try await ChildProcess.run(["verify", "--ledger", ledgerPath], in: directory)
    }
}
