import DeviceProtocols
import Foundation
import Gateway
import TradeLogic

/// The configuration `tracegate-tools demo` runs: one retail market, simulated stalls.
public enum DemoConfiguration {
    /// `stalls` simulated stalls (each a scale and a barcode scanner on pseudo-terminals, the scales speaking
    /// `scaleProtocols` in turn), ledger at `ledgerPath`, API on `apiPort`; with `platformURL`, an uplink to that
    /// tracegate-v1 platform (named `demo-platform`) with master data.
    public static func configuration(
        ledgerPath: String, stalls: Int = 2, apiPort: Int = 8417,
        scaleProtocols: [ProtocolDescriptor] = [XK3190ContinuousDecoder.descriptor, AndIndicatorDecoder.descriptor],
        platformURL: URL? = nil
    ) -> GatewayConfiguration {
        let stallNumbers = 1...max(1, stalls)
        let operators = stallNumbers.map { OperatorSettings(code: operatorCode($0), name: "摊主\($0)") }
        let node = NodeSettings(
            code: nodeCode, name: "演示农贸市场 (demo market)", kind: .retail_market, operators: operators)
        let pork = CatalogueItem(
            code: "10010001", name: "猪后腿肉", unitPriceFenPerKg: Pricing.fenPerKg(price: 1500, per: .jin), plu: "000123",
            gtins: ["6901234567892"])
        let cabbage = CatalogueItem(
            code: "20010002", name: "大白菜", unitPriceFenPerKg: Pricing.fenPerKg(price: 180, per: .jin), plu: "000456")
        var devices: [DeviceSettings] = []
        var stations: [StationSettings] = []
        for index in stallNumbers {
            let scaleProtocol =
                scaleProtocols.isEmpty
                ? XK3190ContinuousDecoder.descriptor : scaleProtocols[(index - 1) % scaleProtocols.count]
            devices.append(DeviceSettings(id: "scale-\(index)", protocol: scaleProtocol, path: "", simulate: true))
            devices.append(
                DeviceSettings(
                    id: "scanner-\(index)", protocol: BarcodeLineDecoder.descriptor, path: "", simulate: true))
            var rules = RetailStationSettings(
                station: "stall-\(index)", nodeCode: nodeCode, operatorCode: operatorCode(index))
            rules.defaultProduct = pork
            stations.append(
                StationSettings(
                    id: "stall-\(index)", operatorCode: operatorCode(index), scale: "scale-\(index)",
                    scanner: "scanner-\(index)", rules: rules))
        }
        var uplink: UplinkSettings?
        if let platformURL {
            var platform = UplinkPlatformSettings(name: platformName, url: platformURL, format: .tracegateV1)
            platform.backoffInitialMilliseconds = 100
            platform.backoffMaxMilliseconds = 2000
            platform.masterDataRefreshSeconds = 30
            uplink = UplinkSettings(platforms: [platform])
        }
        return GatewayConfiguration(
            node: node, ledger: LedgerSettings(path: ledgerPath), api: APISettings(port: apiPort), devices: devices,
            catalogue: [pork, cabbage], stations: stations, uplink: uplink)
    }

    /// The uplink platform's name in the demo configuration.
    public static let platformName = "demo-platform"

    /// The demo market's node code.
    static let nodeCode = "330102001"

    /// The operator of stall `index`: the node code and a 4-digit number.
    static func operatorCode(_ index: Int) -> String { nodeCode + String(format: "%04d", index) }
}
