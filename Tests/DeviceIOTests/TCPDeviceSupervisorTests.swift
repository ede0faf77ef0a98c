import DeviceIO
import Foundation
import Glibc
import Simulators
import Testing

/// A device server on loopback: a listening socket the test accepts on, writes to and reads from, standing in for a
/// Moxa NPort or USR IOT box in TCP server mode.
final class LoopbackDeviceServer: @unchecked Sendable {
    /// The listening socket.
    private let listener: LoopbackListener
    /// The accepted connection; -1 when none.
    private(set) var connection: Int32 = -1
    /// The port it listens on.
    var port: Int { listener.port }

    /// Listens on 127.0.0.1, on `port` (0: an ephemeral one).
    init(port: Int = 0) throws {
        listener = try LoopbackListener(port: port)
    }

    /// Waits up to `limit` for the gateway to connect; true when it did.
    func accept(within limit: Duration = .seconds(15)) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: listener.fileDescriptor, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 0) == 1 {
                connection = Glibc.accept(listener.fileDescriptor, nil, nil)
                return connection >= 0
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// Sends `bytes` on the accepted connection.
    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// What the gateway wrote so far (non-blocking).
    func received() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, 4096, Int32(MSG_DONTWAIT)) }
        return count > 0 ? Array(buffer[0..<count]) : []
    }

    /// Drops the accepted connection, as a device server does when it reboots.
    func dropConnection() {
        if connection >= 0 { Glibc.close(connection) }
        connection = -1
    }

    /// Stops listening and drops the connection.
    func close() {
        dropConnection()
        listener.close()
    }
}

/// The supervisor over TCP on loopback: connect, decode, the device server going away and coming back, refusal,
/// polling, silence, settings.
@Suite struct TCPDeviceSupervisorTests {
    /// A supervisor for 127.0.0.1:`port` with a line decoder and fast backoff.
    func makeSupervisor(
        port: Int, log: UpdateLog, pollCommand: [UInt8]? = nil, silenceTimeout: Duration? = nil
    ) -> TCPDeviceSupervisor {
        let configuration = TCPDeviceConfiguration(
            id: "line-1-scale", endpoint: TCPEndpoint(host: "127.0.0.1", port: port), pollCommand: pollCommand,
            pollInterval: .milliseconds(50), silenceTimeout: silenceTimeout, backoff: testBackoff)
        return TCPDeviceSupervisor(
            link: TCPLink(configuration: configuration) { LineTestDecoder() }, logger: quietLogger, sink: log.sink)
    }

    /// Reads frames from the device server; when it drops the connection, reconnects and reads on.
    @Test func readsFramesAndReconnectsWhenTheDeviceServerDropsTheConnection() async throws {
        let server = try LoopbackDeviceServer()
        defer { server.close() }
        let log = UpdateLog()
        let supervisor = makeSupervisor(port: server.port, log: log)
        try await withRunning(supervisor) {
            #expect(await server.accept())
            #expect(await eventually { supervisor.status.state == .connected })
            server.send(ascii("ONE\r\nTW"))
            server.send(ascii("O\r\n"))
            #expect(await eventually { log.barcodes == ["ONE", "TWO"] })

            server.dropConnection()
            #expect(await eventually { log.states.contains { $0.name == "waitingForDevice" } })
            let reason = try #require(log.states.first { $0.name == "waitingForDevice" }?.reason)
            #expect(reason.contains("tcp://127.0.0.1:\(server.port)"))
            #expect(reason.contains("closed the connection"))

            #expect(await server.accept())
            #expect(await eventually { supervisor.status.state == .connected })
            server.send(ascii("THREE\r\n"))
            #expect(await eventually { log.barcodes == ["ONE", "TWO", "THREE"] })
        }
        let status = supervisor.status
        #expect(status.driver == "tcp")
        #expect(status.resolvedPath == "tcp://127.0.0.1:\(server.port)")
        #expect(status.reconnects == 1)
    }

    /// A port nobody listens on is waited out with a reason naming it; once a server listens there, it connects.
    @Test func aRefusedConnectionIsWaitedOutThenConnects() async throws {
        let probe = try LoopbackDeviceServer()
        let port = probe.port
        probe.close()
        let log = UpdateLog()
        let supervisor = makeSupervisor(port: port, log: log)
        try await withRunning(supervisor) {
            #expect(await eventually { supervisor.status.state.name == "waitingForDevice" })
            let reason = try #require(supervisor.status.state.reason)
            #expect(reason.contains("Connection refused"))
            #expect(reason.contains("nothing listens on port \(port)"))

            let server = try LoopbackDeviceServer(port: port)
            defer { server.close() }
            #expect(await server.accept())
            #expect(await eventually { supervisor.status.state == .connected })
            server.send(ascii("LATE\r\n"))
            #expect(await eventually { log.barcodes == ["LATE"] })
        }
    }

    /// A polled protocol's command goes over the connection on schedule.
    @Test func writesThePollCommandOverTheConnection() async throws {
        let server = try LoopbackDeviceServer()
        defer { server.close() }
        let log = UpdateLog()
        let supervisor = makeSupervisor(port: server.port, log: log, pollCommand: ascii("S\r\n"))
        try await withRunning(supervisor) {
            #expect(await server.accept())
            var written: [UInt8] = []
            #expect(
                await eventually {
                    written += server.received()
                    return written.count >= 9
                })
            #expect(Array(written.prefix(9)) == ascii("S\r\nS\r\nS\r\n"))
            #expect(await eventually { supervisor.status.pollsWritten >= 3 })
        }
    }

    /// A device server that accepts but sends nothing (its serial side dead) is reconnected after the silence timeout.
    @Test func aSilentConnectionIsReopenedAfterTheSilenceTimeout() async throws {
        let server = try LoopbackDeviceServer()
        defer { server.close() }
        let log = UpdateLog()
        let supervisor = makeSupervisor(port: server.port, log: log, silenceTimeout: .milliseconds(150))
        try await withRunning(supervisor) {
            #expect(await server.accept())
            #expect(await eventually { supervisor.status.silenceTimeouts >= 1 })
            #expect(await server.accept())
            #expect(await eventually { supervisor.status.state == .connected })
        }
    }

    /// Bad settings fail at once, naming the device and the problem; they are never retried.
    @Test(arguments: [
        (TCPEndpoint(host: "127.0.0.1", port: 0), "port 0 is outside 1…65535"),
        (TCPEndpoint(host: "127.0.0.1", port: 70_000), "port 70000 is outside 1…65535"),
        (TCPEndpoint(host: "", port: 4001), "host is empty"),
    ])
    func badSettingsFailNamingTheProblem(endpoint: TCPEndpoint, problem: String) async throws {
        let configuration = TCPDeviceConfiguration(id: "line-1-scale", endpoint: endpoint, backoff: testBackoff)
        let error = #expect(throws: DeviceError.self) { try configuration.validate() }
        #expect(error?.message == "device 'line-1-scale': \(problem)")
        #expect(error?.isRetryable == false)
    }

    /// `host:port` and `[v6]:port` parse; anything else is refused.
    @Test func endpointsParse() {
        #expect(TCPEndpoint(parsing: "192.168.1.254:4001") == TCPEndpoint(host: "192.168.1.254", port: 4001))
        #expect(TCPEndpoint(parsing: "nport-1.local:950") == TCPEndpoint(host: "nport-1.local", port: 950))
        #expect(TCPEndpoint(parsing: "[fe80::1]:4001") == TCPEndpoint(host: "fe80::1", port: 4001))
        #expect(TCPEndpoint(parsing: "[fe80::1]:4001")?.description == "[fe80::1]:4001")
        for bad in ["192.168.1.254", "fe80::1:4001", ":4001", "host:", "host:port", "[fe80::1]"] {
            #expect(TCPEndpoint(parsing: bad) == nil, "\(bad)")
        }
    }

    /// A host name is resolved (here from /etc/hosts, no DNS query leaves the machine) and each of its addresses is
    /// tried: `localhost` may give ::1 first, where nothing listens, then 127.0.0.1.
    @Test func aHostNameIsResolvedAndEachAddressTried() async throws {
        let server = try LoopbackDeviceServer()
        defer { server.close() }
        let transport = try await TCPTransport.connect(
            to: TCPEndpoint(host: "localhost", port: server.port), timeout: .seconds(2), reactor: .shared)
        defer { transport.close() }
        #expect(await server.accept())
        #expect(transport.path == "tcp://localhost:\(server.port)")
        server.send(ascii("X"))
        var read: SerialReadResult = .wouldBlock
        #expect(
            await eventually {
                read = (try? transport.readAvailable()) ?? .wouldBlock
                return read != .wouldBlock
            })
        #expect(read == .bytes(ascii("X")))
    }
}
