import TraceModel
import TradeLogic

/// What the running gateway reports to its observers: the CLI's output, logs and tests.
public enum GatewayEvent: Sendable {
    /// A trade is durable; it may now be printed and displayed.
    case tradeAcknowledged(Trade)
    /// A station refused something (unknown barcode, overload, trade not recorded …).
    case rejected(station: String, StationRejection)
    /// A station's prompt or state change.
    case notice(station: String, String)
    /// A device changed state (connected, waiting for device …).
    case deviceState(device: String, state: String)
    /// Everything is running: ledger open, stations and devices started, API listening.
    case ready(apiPort: Int?)
}

/// Receives gateway events; must return quickly (it is called on the station's path).
public typealias GatewayEventSink = @Sendable (GatewayEvent) -> Void
