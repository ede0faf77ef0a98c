import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `tracegate-tools platform` child process (the reference city platform, docs/reference-platform.md) on an
/// ephemeral loopback port with its own SQLite file, for `tracegate-tools bench uplink`. A separate process, so the
/// gateway's figures (CPU, memory) are the gateway's alone.
final class PlatformProcess {
    /// The child.
    let process: Process
    /// `http://127.0.0.1:PORT`, as the platform printed it.
    let url: String
    private let outputPipe = Pipe()

    /// Spawns `executable platform --port port --db database` (port 0: an ephemeral one) and waits (up to 20 s)
    /// for the URL it prints.
    init(executable: String, database: String, maxBatch: Int, port: Int = 0) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "platform", "--port", "\(port)", "--host", "127.0.0.1", "--db", database, "--max-batch", "\(maxBatch)",
            "--log-level", "error",
        ]
        process.standardOutput = outputPipe
        do {
            try process.run()
        } catch {
            throw BenchError("cannot start \(executable) platform: \(error)")
        }
        var printed = Data()
        let descriptor = outputPipe.fileHandleForReading.fileDescriptor
        let deadline = ContinuousClock.now + .seconds(20)
        while !printed.contains(UInt8(ascii: "\n")) {
            guard ContinuousClock.now < deadline, process.isRunning else {
                if process.isRunning { process.terminate() }
                throw BenchError("tracegate-tools platform did not print its URL within 20 s (database \(database))")
            }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, 200) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 { printed.append(contentsOf: buffer[0..<count]) }
        }
        url = String(decoding: printed, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
    }

    /// Its admin API.
    var admin: PlatformAdmin { PlatformAdmin(url: url) }

    /// SIGTERM and wait.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
