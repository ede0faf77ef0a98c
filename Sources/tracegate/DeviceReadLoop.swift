import ArgumentParser
import CommandSupport
import DeviceIO
import Foundation
import Logging

/// The printing loop shared by `devices read`, `devices read-usb` and `devices input`: runs a supervisor (and
/// an optional companion such as the hotplug monitor) until Ctrl-C/SIGTERM, `--seconds` or `--count` counted
/// updates. While running, `handle` prints each update and says whether it counts; while stopping, only the
/// final state changes are printed, so "stopped" is always the last line.
enum DeviceReadLoop {
    /// Builds the production supervisor of `connection` (DeviceSupervisors.make, as the gateway does) with its
    /// logging off, since the command prints its own lines, and its updates going to `continuation`. A decoder
    /// it cannot build is a usage error; a supervisor of another type than `Supervisor` is an internal one (70).
    static func supervisor<Supervisor>(
        _ connection: DeviceConnection, decoder: DecoderChoice, arrivals: DeviceEventMonitor? = nil,
        continuation: AsyncStream<DevicesCommand.Read.Notice>.Continuation, as type: Supervisor.Type
    ) throws -> Supervisor {
        let made: any SupervisedDevice
        do {
            made = try DeviceSupervisors.make(
                connection, decoder: decoder,
                logger: Logger(label: "tracegate.devices", factory: { _ in SwiftLogNoOpLogHandler() }),
                arrivals: arrivals, sink: { continuation.yield(.update($0)) })
        } catch {
            throw ValidationError(error.message)
        }
        guard let supervisor = made as? Supervisor else { throw ExitCode(70) }
        return supervisor
    }

    /// Prints `value` as one line of JSON (sorted keys, slashes unescaped) on standard output, in one write.
    static func writeJSONLine(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(value) else { return }
        data.append(0x0A)
        writeOutput(data)
    }

    /// Runs the loop; returns whether the supervisor failed (configuration-level error).
    static func run(
        supervisor: any SupervisedDevice, notices: AsyncStream<DevicesCommand.Read.Notice>,
        continuation: AsyncStream<DevicesCommand.Read.Notice>.Continuation, stop: DeviceReadStop,
        companion: (@Sendable () async -> Void)? = nil, handle: (DeviceUpdate) async -> Bool
    ) async throws -> Bool {
        let (seconds, count) = (stop.seconds, stop.count)
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            if let companion {
                group.addTask {
                    await companion()
                    return false
                }
            }
            group.addTask {
                defer { continuation.finish() }
                do {
                    try await supervisor.run()
                    return false
                } catch {
                    return true
                }
            }
            group.addTask {
                await DevicesCommand.Read.interruption()
                continuation.yield(.stop)
                return false
            }
            if let seconds {
                group.addTask {
                    try? await Task.sleep(for: .seconds(seconds))
                    continuation.yield(.stop)
                    return false
                }
            }
            var events = 0
            var stopping = false
            for await notice in notices {
                guard case .update(let update) = notice else {
                    if !stopping { group.cancelAll() }
                    stopping = true
                    continue
                }
                if stopping {
                    if case .state = update { DevicesCommand.Read.emit(update, status: supervisor.status) }
                    continue
                }
                if await handle(update) { events += 1 }
                if let count, events >= count {
                    stopping = true
                    group.cancelAll()
                }
            }
            group.cancelAll()
            var failed = false
            for try await childFailed in group { failed = failed || childFailed }
            return failed
        }
    }
}

/// `--count` and `--seconds`, the stop conditions of every `devices read*` command.
struct DeviceReadStop: ParsableArguments {
    @Option(help: "Stop after this many events (in raw mode: chunks of bytes as read).")
    var count: Int?

    @Option(help: "Stop after this many seconds.")
    var seconds: Double?

    func validate() throws {
        if let count { try OptionCheck.atLeast(1, count, "count") }
        if let seconds { try OptionCheck.positive(seconds, "seconds") }
    }
}

/// `--backoff-ms` of `devices read` and `devices read-usb`: the reconnect backoff of a serial or USB device, as
/// the gateway's own (doubling up to 30 s).
struct DeviceReconnectOption: ParsableArguments {
    @Option(help: "First reconnect delay in milliseconds (doubles up to 30 s).")
    var backoffMs: Int = 500

    func validate() throws { try OptionCheck.positive(backoffMs, "backoff-ms") }

    /// The backoff: --backoff-ms first, doubling up to 30 s (or --backoff-ms, if longer).
    var backoff: ReconnectBackoff {
        ReconnectBackoff(initial: .milliseconds(backoffMs), maximum: .seconds(max(30, backoffMs / 1000)))
    }
}
