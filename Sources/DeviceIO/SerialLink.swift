import DeviceProtocols
import Logging
import TraceModel

/// A serial port (libserialport, or termios for pseudo-terminals) as a `DeviceLink`: resolves a USB-adapter
/// identity to its current node at each open, flushes stale input, writes the poll command on schedule (and never
/// writes otherwise), and notices unplug (hangup, EIO, end of file) and silence. Every wait goes through a
/// `PollReactor`, so fifty devices cost no pool thread while idle.
public struct SerialLink: ConfiguredLink {
    /// The device's configuration.
    public let configuration: SerialDeviceConfiguration
    /// Waits for the descriptor.
    let reactor: PollReactor
    /// Makes a decoder for each new connection, so partial frames never span a reconnect.
    let makeDecoder: @Sendable () -> any FrameDecoder

    /// Creates the link; `makeDecoder` is called once per connection.
    public init(
        configuration: SerialDeviceConfiguration, reactor: PollReactor = .shared,
        makeDecoder: @escaping @Sendable () -> any FrameDecoder
    ) {
        self.configuration = configuration
        self.reactor = reactor
        self.makeDecoder = makeDecoder
    }

    /// Opens the port at the path the identity resolves to right now (sysfs is read for `.usb`).
    public func open(_ session: DeviceSession) async throws(DeviceError) -> any SerialTransport {
        var settings = configuration.settings
        if let identity = configuration.identity {
            settings.path = try identity.resolve(in: configuration.sysfs.serialPorts())
        }
        session.update { $0.resolvedPath = settings.path }
        let transport = try settings.openTransport()
        session.update { $0.driver = transport.driverName }
        return transport
    }

    /// Closes the port.
    public func close(_ connection: any SerialTransport) async { connection.close() }

    /// Reads one open connection until it is lost or the task is cancelled.
    public func serve(_ transport: any SerialTransport, session: DeviceSession) async -> ConnectionEnd {
        await StreamServing.serve(
            transport, session: session, reactor: reactor, decoder: makeDecoder(),
            pollCommand: configuration.pollCommand, pollInterval: configuration.pollInterval,
            silenceTimeout: configuration.silenceTimeout)
    }
}

/// Serving a byte stream — a serial port, or a TCP connection to a serial device server — until it is lost: the
/// poll command written on schedule (and nothing else ever written), every byte read delivered to the decoder,
/// hangups and silence noticed.
enum StreamServing {
    /// Reads `transport` until it is lost or the task is cancelled; `pollCommand` nil uses the decoder's own.
    static func serve(
        _ transport: any SerialTransport, session: DeviceSession, reactor: PollReactor, decoder: any FrameDecoder,
        pollCommand: [UInt8]?, pollInterval: Duration, silenceTimeout: Duration?
    ) async -> ConnectionEnd {
        let clock = ContinuousClock()
        var decoder = decoder
        let pollCommand = pollCommand ?? decoder.pollCommand
        var nextPollAt: ContinuousClock.Instant? = pollCommand == nil ? nil : clock.now
        var unwritten: ArraySlice<UInt8> = []
        var lastByteAt = clock.now
        var receivedData = false
        while true {
            if Task.isCancelled { return .cancelled }
            let now = clock.now
            if let pollCommand, let due = nextPollAt, now >= due, unwritten.isEmpty {
                unwritten = pollCommand[...]
                // Skip polls missed while the sink was slow instead of sending a burst.
                nextPollAt = max(due + pollInterval, now)
            }
            if !unwritten.isEmpty {
                do {
                    let written = try transport.writeAvailable(unwritten)
                    unwritten = unwritten.dropFirst(written)
                    if unwritten.isEmpty { session.update { $0.pollsWritten += 1 } }
                } catch {
                    return .lost(reason: error.message, receivedData: receivedData)
                }
            }
            var deadline: ContinuousClock.Instant?
            if let silenceTimeout { deadline = lastByteAt + silenceTimeout }
            if let due = nextPollAt { deadline = deadline.map { min($0, due) } ?? due }
            if !unwritten.isEmpty {
                // The output buffer was full: retry the rest shortly (rare; a poll is a few bytes).
                let retryAt = clock.now + .milliseconds(20)
                deadline = deadline.map { min($0, retryAt) } ?? retryAt
            }
            let readiness: PollReactor.Readiness
            do {
                readiness = try await reactor.wait(transport.fileDescriptor, for: .readable, deadline: deadline)
            } catch {
                return .cancelled
            }
            if readiness == .timedOut {
                if let silenceTimeout, clock.now - lastByteAt >= silenceTimeout {
                    session.update { $0.silenceTimeouts += 1 }
                    return .lost(
                        reason:
                            "no data from \(transport.path) for \(silenceTimeout); reopening (check cable and device power)",
                        receivedData: receivedData)
                }
                continue
            }
            // Ready or hung up: read everything pending first, so bytes sent just before an unplug are kept.
            let drained = await DescriptorReading.drain(
                { () throws(DeviceError) in try transport.readAvailable() }, session: session, decoder: &decoder)
            if drained.receivedData {
                lastByteAt = clock.now
                receivedData = true
            }
            if let reason = drained.lostReason { return .lost(reason: reason, receivedData: receivedData) }
            if readiness == .hangup {
                return .lost(
                    reason: "\(transport.path) hung up (\(transport.endOfFileMeaning))", receivedData: receivedData)
            }
        }
    }
}

/// Reading a ready, non-blocking descriptor (a serial port, an evdev node) until it would block.
enum DescriptorReading {
    /// What one drain found.
    struct Outcome {
        /// Some bytes arrived.
        var receivedData = false
        /// The device hung up or a read failed: the reason (nil while the connection stands).
        var lostReason: String?
    }

    /// Reads with `read` until it would block, delivering every chunk through `session` to `decoder`.
    static func drain(
        _ read: () throws(DeviceError) -> SerialReadResult, session: DeviceSession, decoder: inout any FrameDecoder
    ) async -> Outcome {
        var outcome = Outcome()
        while true {
            let result: SerialReadResult
            do {
                result = try read()
            } catch {
                outcome.lostReason = error.message
                return outcome
            }
            switch result {
            case .bytes(let bytes):
                outcome.receivedData = true
                await session.deliver(bytes, to: &decoder)
            case .wouldBlock:
                return outcome
            case .hangup(let reason):
                outcome.lostReason = reason
                return outcome
            }
        }
    }
}

/// A serial device supervisor: the one `DeviceSupervisor` over a `SerialLink`.
public typealias SerialDeviceSupervisor = DeviceSupervisor<SerialLink>

extension DeviceSupervisor where Link == SerialLink {
    /// Creates a supervisor of the serial device `configuration`; nothing happens until `run()`.
    public convenience init(
        configuration: SerialDeviceConfiguration, reactor: PollReactor = .shared,
        wallClock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "tracegate.deviceio"),
        arrivals: DeviceEventMonitor? = nil, makeDecoder: @escaping @Sendable () -> any FrameDecoder,
        sink: @escaping @Sendable (DeviceUpdate) async -> Void
    ) {
        self.init(
            link: SerialLink(configuration: configuration, reactor: reactor, makeDecoder: makeDecoder),
            wallClock: wallClock, logger: logger, arrivals: arrivals, sink: sink)
    }

    /// The device's configuration.
    public var configuration: SerialDeviceConfiguration { link.configuration }
}
