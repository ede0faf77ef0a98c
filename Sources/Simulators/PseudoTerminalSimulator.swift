/// A simulator that runs on pseudo-terminals until its task is cancelled (a stall, an RFID reader), so
/// hosts (`tracegate-tools simulate`, the gateway's `simulate:` devices) run them all the same way.
public protocol PseudoTerminalSimulator: Sendable {
    /// Sends traffic until the task is cancelled; then closes the pseudo-terminals.
    func run() async
}
