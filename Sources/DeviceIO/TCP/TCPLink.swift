import DeviceProtocols
import Logging
import TraceModel

/// A device behind a serial device server (Moxa NPort, USR IOT, `ser2net`) or a reader that speaks TCP, as a
/// `DeviceLink`: connects as a TCP client, then reads and polls exactly like a serial port (`StreamServing`), with
/// the same decoders. A device server that is off, rebooting or unreachable is waited out with the backoff; the
/// line settings are the device server's (set in its web page or ser2net's configuration).
public struct TCPLink: ConfiguredLink {
    /// The device's configuration.
    public let configuration: TCPDeviceConfiguration
    /// Waits for the socket.
    let reactor: PollReactor
    /// Makes a decoder for each new connection, so partial frames never span a reconnect.
    let makeDecoder: @Sendable () -> any FrameDecoder

    /// Creates the link; `makeDecoder` is called once per connection.
    public init(
        configuration: TCPDeviceConfiguration, reactor: PollReactor = .shared,
        makeDecoder: @escaping @Sendable () -> any FrameDecoder
    ) {
        self.configuration = configuration
        self.reactor = reactor
        self.makeDecoder = makeDecoder
    }

    /// Connects to the device server.
    public func open(_ session: DeviceSession) async throws(DeviceError) -> TCPTransport {
        session.update { $0.resolvedPath = configuration.path }
        let transport = try await TCPTransport.connect(
            to: configuration.endpoint, timeout: configuration.connectTimeout, reactor: reactor)
        session.update { $0.driver = transport.driverName }
        return transport
    }

    /// Closes the connection.
    public func close(_ connection: TCPTransport) async { connection.close() }

    /// Reads one connection until it is lost or the task is cancelled.
    public func serve(_ transport: TCPTransport, session: DeviceSession) async -> ConnectionEnd {
        await StreamServing.serve(
            transport, session: session, reactor: reactor, decoder: makeDecoder(),
            pollCommand: configuration.pollCommand, pollInterval: configuration.pollInterval,
            silenceTimeout: configuration.silenceTimeout)
    }
}

/// A TCP device supervisor: the one `DeviceSupervisor` over a `TCPLink`.
public typealias TCPDeviceSupervisor = DeviceSupervisor<TCPLink>
