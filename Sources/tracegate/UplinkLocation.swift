import ArgumentParser
import CommandSupport
import Foundation
import Gateway

/// Where the uplink commands find the gateway: its configuration (API address, ledger, platforms), or
/// `--api` / `--ledger` given directly.
struct UplinkLocation: ParsableArguments, LedgerLocating {
    @OptionGroup var gateway: LocalAPIOptions

    @Option(help: "The ledger file (default: ledger.path from --config).")
    var ledger: String?

    /// `--config`: the gateway configuration file.
    var config: String { gateway.config }

    /// The configuration, when it loads.
    func configuration() -> GatewayConfiguration? { try? GatewayConfiguration.load(path: config) }

    /// The API base URL, or nil when neither --api nor a usable --config gives one.
    func apiBase() -> String? {
        if let api = gateway.api { return api }
        guard let settings = configuration()?.api, settings.enabled else { return nil }
        return "http://\(settings.host):\(settings.port)"
    }

    /// Configured platform names (nil when the configuration does not load).
    func platforms() -> [String]? { configuration().map { $0.uplink?.platforms.map(\.name) ?? [] } }

    /// Sends a request to the running gateway; nil when it does not answer (daemon not running).
    func request(_ method: String, _ path: String) throws -> LoopbackHTTPClient.Response? {
        guard let base = apiBase() else { return nil }
        let url = try LocalAPIAddress.url(base: base, path: path)
        return try? LoopbackHTTPClient.send(method: method, to: url, timeoutSeconds: 5)
    }
}
