import GRDB
import GRDBSQLite
import ServiceLifecycle

/// Checkpoints the platform database's write-ahead log on its own connection, off the request path.
///
/// SQLite's automatic checkpoint runs inside the commit that takes the WAL past 1,000 pages: that request then
/// also copies ~4 MB into the database file and waits for two fsyncs — ~12 ms on the benchmark machine, every
/// other batch of the uplink drain (BENCHMARKS.md §6). Here the writer's commit hook only *asks* for a checkpoint
/// at the same threshold and this service runs it: PASSIVE, so it copies what no reader still needs and never
/// blocks the writer; now and then a RESTART lets the log start over (see `run()`). Durability is unchanged: every
/// commit is in the WAL as before.
final class WALCheckpointer: Service, Sendable {
    /// Pages in the WAL after which a commit asks for a checkpoint (SQLite's own automatic threshold).
    static let threshold: Int32 = 1_000

    /// What a connection's commit hook holds: a way to ask for a checkpoint.
    final class Requests: Sendable {
        private let continuation: AsyncStream<Void>.Continuation
        init(_ continuation: AsyncStream<Void>.Continuation) { self.continuation = continuation }
        /// Asks; several asks while a checkpoint runs count as one.
        func ask() { continuation.yield() }
    }

    /// A connection of its own, used only for checkpoints.
    private let connection: DatabaseQueue
    private let requests: AsyncStream<Void>
    /// For the commit hooks.
    let handle: Requests

    /// Opens the checkpoint connection to the database at `path` (already in WAL mode).
    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)  // a RESTART waits for the request being written
        connection = try DatabaseQueue(path: path, configuration: configuration)
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        requests = stream
        handle = Requests(continuation)
    }

    /// Replaces SQLite's automatic checkpoint on `db` with a request to `requests` at the same threshold.
    static func install(on db: Database, asking requests: Requests) {
        // Retained for the life of the process: a connection may outlive anything that would release it.
        let context = Unmanaged.passRetained(requests).toOpaque()
        sqlite3_wal_hook(
            db.sqliteConnection,
            { context, _, _, pages in
                if pages >= WALCheckpointer.threshold, let context {
                    Unmanaged<Requests>.fromOpaque(context).takeUnretainedValue().ask()
                }
                return SQLITE_OK
            }, context)
    }

    /// Runs checkpoints as commits ask, until graceful shutdown; then a last one.
    func run() async throws {
        let requests = self.requests
        let connection = self.connection
        await cancelWhenGracefulShutdown {
            for await _ in requests {
                // A failed checkpoint (busy, I/O) leaves the WAL as it is; the next request tries again.
                let passive = try? await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                // Under continuous writes a PASSIVE checkpoint never quite catches up with the writer, and the log
                // only starts over from its beginning after one that did: once it passes 4× the threshold, a
                // RESTART copies the little the PASSIVE left (holding the next request's write back meanwhile) so
                // the WAL stays a few MB instead of growing with the backlog.
                if let passive, passive.walFrameCount >= 4 * Int(Self.threshold) {
                    _ = try? await connection.writeWithoutTransaction { db in try db.checkpoint(.restart) }
                }
            }
        }
        _ = try? await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
    }
}
