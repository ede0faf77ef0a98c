import DeviceIO
import DeviceProtocols
import Foundation
import Logging
import Synchronization
import TraceModel

/// A test-local decoder: CR/LF-terminated lines become barcode reads; a line starting with "!" is a frame error.
struct LineTestDecoder: FrameDecoder {
    /// The unfinished line.
    private var line: [UInt8] = []

    /// Splits on CR or LF.
    mutating func feed(_ bytes: [UInt8]) -> [DeviceEvent] {
        var events: [DeviceEvent] = []
        for byte in bytes {
            if byte == 0x0D || byte == 0x0A {
                if line.first == UInt8(ascii: "!") {
                    events.append(.frameError(FrameError(reason: "bad line", bytes: line)))
                } else if !line.isEmpty {
                    events.append(.barcode(BarcodeRead(data: String(decoding: line, as: UTF8.self))))
                }
                line.removeAll()
            } else {
                line.append(byte)
            }
        }
        return events
    }
}

/// Collects a supervisor's updates for assertions; thread-safe.
final class UpdateLog: Sendable {
    /// Everything received, in order.
    private let storage = Mutex<[DeviceUpdate]>([])

    /// The sink to hand to the supervisor.
    var sink: @Sendable (DeviceUpdate) async -> Void {
        { update in self.storage.withLock { $0.append(update) } }
    }

    /// All updates so far.
    var updates: [DeviceUpdate] { storage.withLock { $0 } }

    /// The barcode data received so far.
    var barcodes: [String] {
        updates.compactMap { if case .event(.barcode(let read)) = $0 { read.data } else { nil } }
    }

    /// The states reported so far.
    var states: [DeviceState] {
        updates.compactMap { if case .state(let state) = $0 { state } else { nil } }
    }
}

/// Polls `condition` every 20 ms until it holds; gives up after `limit` (a safety net against hangs,
/// not a timing assertion) and returns whether it held.
func eventually(within limit: Duration = .seconds(15), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + limit
    while clock.now < end {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory: Sendable {
    /// Its path.
    let path: String

    /// Creates the directory.
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("deviceio-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    func file(_ name: String) -> String { path + "/" + name }

    /// Deletes the directory and its contents.
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A logger that discards everything, to keep test output readable.
let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

/// Fast backoff for tests.
let testBackoff = ReconnectBackoff(initial: .milliseconds(20), maximum: .milliseconds(100), jitter: 0.1)

/// Runs `supervisor` as a child task while `body` runs, then cancels it and waits for `run()` to return.
func withRunning<T: Sendable>(
    _ supervisor: some SupervisedDevice, _ body: () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await supervisor.run() }
        do {
            let result = try await body()
            group.cancelAll()
            try await group.waitForAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// Bytes of an ASCII string.
func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
