import DeviceProtocols
import Synchronization
import TraceModel
import TradeLogic

/// Where one device's decoded events go: weights and scans to its station, tags (RFID and card readers)
/// through the reader's duplicate-read filter to the station that uses it as `card_reader`.
///
/// A card held on a reader is read many times a second; `DuplicateReadFilter` makes that one tap until
/// the card has been away for `duplicate_window_ms`. Tags from readers no station uses as its card reader
/// are counted by the supervisor and not routed.
final class DeviceEventRoute: Sendable {
    /// The station the device belongs to, if any.
    private let station: StationService?
    /// Whether tags go to the station as buyer cards.
    private let routesCards: Bool
    /// The reader's duplicate filter; Mutex because the sink may be called from any task.
    private let filter: Mutex<DuplicateReadFilter>
    /// The filter's time origin.
    private let origin = ContinuousClock.now

    /// Creates the route of `device` to `station`; `routesCards` when the station uses it as `card_reader`.
    init(device: DeviceSettings, station: StationService?, routesCards: Bool) {
        self.station = station
        self.routesCards = routesCards
        self.filter = Mutex(DuplicateReadFilter(window: .milliseconds(device.duplicateWindowMilliseconds)))
    }

    /// Delivers one decoded event.
    func deliver(_ event: DeviceEvent) {
        switch event {
        case .weight(let reading): station?.submit(.weight(reading))
        case .barcode(let scan): station?.submit(.scan(scan))
        case .tag(let tag):
            guard routesCards, let station else { return }
            let now = ContinuousClock.now - origin
            guard filter.withLock({ $0.admit(tag, at: now) }) else { return }
            station.submit(.card(tag))
        case .frameError: break  // counted by the supervisor
        }
    }
}
