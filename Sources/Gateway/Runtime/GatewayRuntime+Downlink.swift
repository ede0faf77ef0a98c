import Foundation
import Ledger
import Logging
import ServiceLifecycle
import TradeLogic
import Uplink

extension GatewayRuntime {
    /// The downlink for the first platform with `master_data: true` (nil when there is none), with the
    /// documents stored in the ledger already applied to the stations.
    static func makeDownlink(
        configuration: GatewayConfiguration, ledger: TradeLedger, stations: [StationService], options: GatewayOptions
    ) throws -> DownlinkService? {
        guard let platform = configuration.uplink?.platforms.first(where: \.masterData) else { return nil }
        let source = try setUp(
            "master data client", of: platform, in: configuration, with: options.makeMasterDataSource)
        let downlink = DownlinkService(
            platform: platform.name, source: source, ledger: ledger,
            refreshInterval: .seconds(platform.masterDataRefreshSeconds),
            configuredCatalogue: Catalogue(configuration.catalogue), stations: stations,
            now: options.deliveryEnvironment.now, logger: Logger(label: "tracegate.downlink"))
        try downlink.loadStored()
        return downlink
    }

    /// Each platform's sync status, with the master data state on the downlink's platform.
    public func syncStatusesWithMasterData() throws -> [SyncStatusJSON] {
        var statuses = try syncStatuses()
        if let downlink, let index = statuses.firstIndex(where: { $0.platform == downlink.platform }) {
            statuses[index].master_data = downlink.status
        }
        return statuses
    }
}

/// The downlink in the gateway's service group: stops before the ledger closes.
struct DownlinkLifecycleService: Service {
    /// The service.
    let downlink: DownlinkService

    /// Refreshes until graceful shutdown.
    func run() async throws {
        await cancelWhenGracefulShutdown { await downlink.run() }
    }
}
