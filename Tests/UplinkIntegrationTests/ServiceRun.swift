import Delivery
import Foundation

/// Runs `service` until `done()` holds (checked every few milliseconds, at most `maxChecks` times), then stops
/// it and releases its transport. Returns whether `done()` held.
func runService(
    _ service: DeliveryService, maxChecks: Int = 10_000, until done: @escaping @Sendable () async throws -> Bool
) async throws -> Bool {
    let result = try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
            await service.run()
            return false
        }
        group.addTask {
            for _ in 0..<maxChecks {
                if try await done() { return true }
                try await Task.sleep(for: .milliseconds(5))
            }
            return false
        }
        let result = try await group.next() ?? false
        group.cancelAll()
        return result
    }
    await service.closeTransport()
    return result
}
