import Delivery
import Foundation

/// Runs `service` until `done()` holds (checked every few milliseconds, at most `maxChecks` times), then stops
/// it and releases its transport. Returns whether `done()` held.
func runService(
    _ service: DeliveryService, maxChecks: Int = 10_000, until done: @escaping @Sendable () async throws -> Bool
) async throws -> Bool {
    try await runService(service, maxChecks: maxChecks, until: done, during: {})
}

/// Runs `service` while `work` runs in the calling task (trades committed while the service runs); then waits
/// until `done()` holds (at most `maxChecks` checks, a few milliseconds apart), stops the service and releases
/// its transport. Returns whether `done()` held.
func runService(
    _ service: DeliveryService, maxChecks: Int = 10_000, until done: @escaping @Sendable () async throws -> Bool,
    during work: () async throws -> Void
) async throws -> Bool {
    let result = try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await service.run() }
        try await work()
        var held = false
        for _ in 0..<maxChecks {
            if try await done() {
                held = true
                break
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        group.cancelAll()
        return held
    }
    await service.closeTransport()
    return result
}
