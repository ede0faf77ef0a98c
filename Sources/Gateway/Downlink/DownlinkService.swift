import Foundation
import Ledger
import Logging
import Synchronization
import TradeLogic

/// Pulls the platform's master data (catalogue, operators, stop-trade orders) with `If-None-Match` at start,
/// every refresh interval and on `sync now`; keeps each document's body in the ledger so it applies while
/// offline; hands the merged result to every station (docs/downlink.md). A failed fetch keeps the last good
/// document and records the error.
public final class DownlinkService: Sendable {
    /// The platform master data comes from.
    public let platform: String
    private let source: any MasterDataSource
    private let ledger: TradeLedger
    private let interval: Duration
    private let configured: Catalogue
    private let stations: [StationService]
    private let now: @Sendable () -> Date
    private let logger: Logger
    /// Records (as in the ledger) and the parsed documents.
    private let state = Mutex<(records: [DownlinkDocument: MasterDataRecord], set: MasterDataSet, rounds: Int)>(
        ([:], MasterDataSet(), 0))
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// Creates the service; `loadStored()` applies what the ledger holds, `run()` refreshes.
    public init(
        platform: String, source: any MasterDataSource, ledger: TradeLedger, refreshInterval: Duration,
        configuredCatalogue: Catalogue, stations: [StationService], now: @escaping @Sendable () -> Date = Date.init,
        logger: Logger = Logger(label: "tracegate.downlink")
    ) {
        self.platform = platform
        self.source = source
        self.ledger = ledger
        self.interval = refreshInterval
        self.configured = configuredCatalogue
        self.stations = stations
        self.now = now
        self.logger = logger
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Applies the documents stored in the ledger (so they hold while offline). A stored body that no longer
    /// parses is logged and skipped.
    public func loadStored() throws {
        let records = try ledger.reader.masterData()
        state.withLock { state in
            for record in records {
                guard let document = DownlinkDocument(rawValue: record.kind) else { continue }
                state.records[document] = record
                guard !record.body.isEmpty else { continue }
                do {
                    try state.set.install(document, body: record.body)
                } catch {
                    logger.error("stored master data \(record.kind) cannot be used: \(error)")
                }
            }
        }
        applyToStations()
    }

    /// Releases the source's connections; call once after `run()` returned.
    public func closeSource() async { await source.close() }

    /// Asks for a refresh now (`sync now`).
    public func refreshNow() { wake.yield() }

    /// Refreshes at once, then every interval and on `refreshNow()`, until cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            let wake = self.wake
            let interval = self.interval
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    wake.yield()
                }
            }
            await refresh()
            for await _ in wakeups {
                if Task.isCancelled { break }
                await refresh()
            }
            group.cancelAll()
        }
    }

    /// One round: each document conditionally fetched, stored and applied.
    public func refresh() async {
        var changed = false
        for document in DownlinkDocument.allCases {
            let held = state.withLock { $0.records[document] }
            let etag = held.flatMap { $0.body.isEmpty || $0.etag.isEmpty ? nil : $0.etag }
            let at = now()
            do {
                switch try await source.download(document, ifNoneMatch: etag) {
                case .notModified:
                    try await ledger.confirmMasterData(kind: document.rawValue, at: at)
                    update(document) {
                        $0.checkedAt = at
                        $0.lastError = nil
                        $0.lastErrorAt = nil
                    }
                case .updated(let body, let newTag):
                    var set = state.withLock { $0.set }
                    try set.install(document, body: body)
                    try await ledger.storeMasterData(kind: document.rawValue, etag: newTag, body: body, at: at)
                    state.withLock {
                        $0.set = set
                        $0.records[document] = MasterDataRecord(
                            kind: document.rawValue, etag: newTag, body: body, fetchedAt: at, checkedAt: at)
                    }
                    changed = true
                    logger.info(
                        "master data \(document.rawValue) updated from \(platform): \(set.count(document) ?? 0) entries"
                    )
                }
            } catch {
                let message = "\(error)"
                logger.warning("master data \(document.rawValue) refresh from \(platform) failed: \(message)")
                try? await ledger.recordMasterDataError(kind: document.rawValue, error: message, at: at)
                update(document) {
                    $0.lastError = message
                    $0.lastErrorAt = at
                }
            }
        }
        // The stations have the new data before the round counts as finished (what `completedRounds` promises).
        if changed { applyToStations() }
        state.withLock { $0.rounds += 1 }
    }

    /// Changes the in-memory record of `document` (creating an empty one).
    private func update(_ document: DownlinkDocument, _ change: (inout MasterDataRecord) -> Void) {
        state.withLock { state in
            var record = state.records[document] ?? MasterDataRecord(kind: document.rawValue)
            change(&record)
            state.records[document] = record
        }
    }

    /// Hands the current master data to every station.
    private func applyToStations() {
        let master = state.withLock { $0.set.stationMasterData(configured: configured) }
        for station in stations { station.apply(master) }
    }

    /// Refresh rounds finished since start (tests wait on it).
    public var completedRounds: Int { state.withLock { $0.rounds } }

    /// Per document: counts, versions, last refresh and last error, for `GET /sync` and `sync status`.
    public var status: [MasterDataStatusJSON] {
        state.withLock { state in
            DownlinkDocument.allCases.map { document in
                MasterDataStatusJSON(
                    document: document, record: state.records[document], version: state.set.version(document),
                    count: state.set.count(document))
            }
        }
    }

    /// The status of the documents a ledger holds, for `tracegate sync status` with the daemon stopped.
    public static func storedStatus(_ records: [MasterDataRecord]) -> [MasterDataStatusJSON] {
        var set = MasterDataSet()
        var byDocument: [DownlinkDocument: MasterDataRecord] = [:]
        for record in records {
            guard let document = DownlinkDocument(rawValue: record.kind) else { continue }
            byDocument[document] = record
            if !record.body.isEmpty { try? set.install(document, body: record.body) }
        }
        return DownlinkDocument.allCases.map {
            MasterDataStatusJSON(document: $0, record: byDocument[$0], version: set.version($0), count: set.count($0))
        }
    }

    /// The master data stations apply now.
    public var stationMasterData: StationMasterData {
        state.withLock { $0.set.stationMasterData(configured: configured) }
    }
}
