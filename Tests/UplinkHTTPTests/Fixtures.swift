import Foundation
import Logging
import TraceModel
import Uplink
import UplinkHTTP

/// Trades, node and settings shared by the UplinkHTTP tests.
enum Fixtures {
    /// Retail market 330102001.
    static let node = UplinkNode(code: "330102001", name: "杭州某农贸市场", kind: .retail_market)

    /// 2026-11-22T10:15:30.123Z.
    static let time = Date(timeIntervalSince1970: 1_795_342_530.123)

    /// A trade with the given serial.
    static func trade(_ serial: Int) -> Trade {
        let code = "3301020010001" + String(repeating: "0", count: 7 - String(serial).count) + String(serial)
        return Trade(
            id: Int64(serial), traceCode: code,
            draft: TradeDraft(
                station: "stall-1", nodeCode: "330102001", operatorCode: "3301020010001", productCode: "10010001",
                productName: "猪后腿肉", grams: 1234, unitPriceFen: 3000, amountFen: 3702,
                parents: ["33010200100020000001"], buyer: ""),
            committedAt: time.addingTimeInterval(Double(serial)), utcOffsetSeconds: 8 * 3600,
            prevHash: String(repeating: "0", count: 64), hash: String(repeating: "a", count: 64))
    }

    /// A batch of `count` trades starting at serial 1.
    static func batch(_ count: Int = 3) -> UplinkBatch {
        UplinkBatch(trades: (1...count).map(trade))
    }

    /// Settings for a loopback platform with short timeouts and fast EPCIS polling. A capture job may take up to
    /// 15 s: under a loaded full-suite run three polls of a loopback server have taken over 2 s (the deadline
    /// itself is tested with its own setting).
    static func settings(
        port: Int, format: HTTPUplinkSettings.Format = .tracegateV1, scheme: String = "http", tokenFile: String? = nil
    ) -> HTTPUplinkSettings {
        HTTPUplinkSettings(
            name: "test-city", baseURL: "\(scheme)://127.0.0.1:\(port)/api", format: format,
            cityFormMethod: "sRetailSale", tokenFile: tokenFile, timeoutSeconds: 2, maxBatchTrades: 100,
            maxBatchBytes: 1_000_000, maxReplyBytes: 64 * 1024, epcisPollInitialSeconds: 0.01,
            epcisPollMaxSeconds: 0.05, epcisJobMaxWaitSeconds: 15)
    }
}

extension Fixtures {
    /// Runs `body` with a transport for `settings`, shutting it down afterwards.
    static func withTransport<T: Sendable>(
        _ settings: HTTPUplinkSettings, now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
        _ body: (HTTPUplinkTransport) async throws -> T
    ) async throws -> T {
        let transport = try HTTPUplinkTransport(settings: settings, node: node, logger: logger, now: now)
        do {
            let result = try await body(transport)
            try await transport.shutdown()
            return result
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    /// Sends `batch` with a fresh transport; the reply or the send error.
    static func send(
        _ batch: UplinkBatch, settings: HTTPUplinkSettings, now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    ) async throws -> Result<BatchReply, UplinkSendError> {
        try await withTransport(settings, now: now, logger: logger) { transport in
            do throws(UplinkSendError) {
                return .success(try await transport.send(batch))
            } catch {
                return .failure(error)
            }
        }
    }
}
