import Foundation
import Gateway

/// Prints gateway events: trades to standard output, everything else to standard error.
public struct TradeOutput: Sendable {
    /// JSON lines instead of text.
    public let json: Bool
    /// Also print notices and device states (demo).
    public var verbose = false

    /// Prints trades as `json` lines or text.
    public init(json: Bool) { self.json = json }

    /// Handles one event.
    public func handle(_ event: GatewayEvent) {
        switch event {
        case .tradeAcknowledged(let trade):
            let line = json ? TradeJSON(trade).jsonLine() : TradeText.line(trade)
            // One write per line so concurrent stations never interleave inside a line.
            writeOutput(Data((line + "\n").utf8))
        case .ready(let port):
            printError("tracegate: ready" + (port.map { ", local API on port \($0)" } ?? ""))
        case .rejected(let station, let rejection):
            if verbose { printError("\(station): \(rejection.message)") }
        case .notice(let station, let text):
            if verbose { printError("\(station): \(text)") }
        case .deviceState(let device, let state):
            if verbose { printError("device \(device): \(state)") }
        }
    }
}
