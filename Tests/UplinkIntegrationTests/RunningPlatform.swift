import Foundation
import Logging
import ReferencePlatform
import TraceModel
import Uplink
import UplinkHTTP

/// A real reference platform on 127.0.0.1 (ephemeral port) for the length of one test body.
struct RunningPlatform: Sendable {
    /// The platform.
    let platform: ReferencePlatform
    /// Its port.
    let port: Int

    /// The base URL the gateway's transport uses.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Runs `body` against a platform configured by `configure` with its database in `sandbox`; stops it after.
    static func with<Value: Sendable>(
        in sandbox: IntegrationSandbox, _ configure: (inout PlatformConfiguration) -> Void = { _ in },
        _ body: (RunningPlatform) async throws -> Value
    ) async throws -> Value {
        var configuration = PlatformConfiguration(databasePath: sandbox.path("platform-\(UUID().uuidString).sqlite"))
        configure(&configuration)
        var logger = Logger(label: "integration-platform")
        logger.logLevel = .critical
        let platform = try ReferencePlatform(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await platform.run() }
            let port = try await platform.listeningPort()
            do {
                let value = try await body(RunningPlatform(platform: platform, port: port))
                await platform.stop()
                return value
            } catch {
                await platform.stop()
                throw error
            }
        }
    }

    /// The trace codes the platform holds for `station`, in arrival order (paged like `GET /admin/trades`).
    func arrivals(station: String) async throws -> [String] {
        var codes: [String] = []
        var after: Int64 = 0
        while true {
            let page = try await platform.trades(station: station, after: after, limit: 1000)
            guard let last = page.last else { return codes }
            codes += page.map(\.trade.traceCode)
            after = last.sequence
        }
    }

    /// An HTTP transport to this platform, named "city", for the integration node.
    func transport(
        format: HTTPUplinkSettings.Format, timeoutSeconds: Double = 5, maxBatchTrades: Int = 500,
        configure: (inout HTTPUplinkSettings) -> Void = { _ in }
    ) throws -> HTTPUplinkTransport {
        var settings = HTTPUplinkSettings(
            name: "city", baseURL: baseURL, format: format, timeoutSeconds: timeoutSeconds,
            maxBatchTrades: maxBatchTrades)
        configure(&settings)
        var logger = Logger(label: "integration-transport")
        logger.logLevel = .critical
        return try HTTPUplinkTransport(settings: settings, node: integrationNode, logger: logger)
    }
}

/// The gateway node the tests deliver for.
let integrationNode = UplinkNode(code: "330102001", name: "杭州测试农贸市场", kind: .retail_market)
