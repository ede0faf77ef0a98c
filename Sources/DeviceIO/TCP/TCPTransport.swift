import Dispatch
import Glibc

/// A TCP connection to a serial device server (or a reader that speaks TCP), read and written like a serial port:
/// non-blocking, waited on through `PollReactor`, decoded by the same decoders.
///
/// The connection has keepalive probes (idle 10 s, then every 5 s, given up after 3), so a device server that lost
/// power or a cable pulled between it and the gateway ends the connection within ~25 s even on a device that is
/// silent while idle; `silenceTimeout` finds it sooner on devices that stream. Writes use `send(MSG_NOSIGNAL)`, so a
/// connection the peer closed is an error, never a SIGPIPE.
public final class TCPTransport: SerialTransport {
    /// `tcp://host:port`.
    public let path: String
    /// The connected socket; -1 once closed.
    public private(set) var fileDescriptor: Int32
    /// Always "tcp".
    public var driverName: String { "tcp" }
    /// A TCP end of file: the device server closed the connection.
    public var endOfFileMeaning: String { "the device server closed the connection" }

    private init(fileDescriptor: Int32, path: String) {
        self.fileDescriptor = fileDescriptor
        self.path = path
    }

    deinit { close() }

    /// Closes the connection; idempotent.
    public func close() {
        if fileDescriptor >= 0 {
            Glibc.close(fileDescriptor)
            fileDescriptor = -1
        }
    }

    /// Writes with send(2) and MSG_NOSIGNAL.
    public func writeAvailable(_ bytes: ArraySlice<UInt8>) throws(DeviceError) -> Int {
        try writeAvailable(bytes) { send(fileDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Connects to `endpoint`, trying each address it resolves to, each for at most `timeout`.
    ///
    /// Every failure is retryable (`unavailable`): a device server that is off, rebooting or unplugged comes back.
    public static func connect(to endpoint: TCPEndpoint, timeout: Duration, reactor: PollReactor)
        async throws(DeviceError) -> TCPTransport
    {
        let path = "tcp://\(endpoint)"
        let addresses = try await resolve(endpoint, path: path)
        var failure = DeviceError.unavailable(path: path, "\(endpoint.host) has no address")
        for address in addresses {
            do {
                return try await connect(address, timeout: timeout, reactor: reactor, path: path, endpoint: endpoint)
            } catch {
                failure = error
            }
        }
        throw failure
    }

    /// One resolved address: the socket's family, type and protocol, and the `sockaddr` bytes.
    struct Address: Sendable {
        var family: Int32
        var socketType: Int32
        var socketProtocol: Int32
        var bytes: [UInt8]
    }

    /// The addresses of `endpoint`: a numeric host at once, a name through the resolver on a dispatch thread (a
    /// DNS query blocks; it must not block a task's thread).
    static func resolve(_ endpoint: TCPEndpoint, path: String) async throws(DeviceError) -> [Address] {
        if case .success(let numeric) = lookUp(endpoint, numericOnly: true) { return numeric }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<LookUpResult, Never>) in
            DispatchQueue.global().async { continuation.resume(returning: lookUp(endpoint, numericOnly: false)) }
        }
        switch result {
        case .success(let addresses): return addresses
        case .failure(let message):
            throw .unavailable(
                path: path,
                "cannot resolve \(endpoint.host): \(message); check the host name and the gateway's DNS, or give the device server's IP address"
            )
        }
    }

    /// What getaddrinfo answered.
    enum LookUpResult: Sendable {
        case success([Address])
        case failure(String)
    }

    /// getaddrinfo for a stream socket to `endpoint`.
    static func lookUp(_ endpoint: TCPEndpoint, numericOnly: Bool) -> LookUpResult {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (numericOnly ? AI_NUMERICHOST : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list)
        guard code == 0 else { return .failure(String(cString: gai_strerror(code))) }
        defer { freeaddrinfo(list) }
        var addresses: [Address] = []
        var next = list
        while let info = next {
            if let socketAddress = info.pointee.ai_addr {
                let bytes = Array(
                    UnsafeRawBufferPointer(start: socketAddress, count: Int(info.pointee.ai_addrlen)))
                addresses.append(
                    Address(
                        family: info.pointee.ai_family, socketType: info.pointee.ai_socktype,
                        socketProtocol: info.pointee.ai_protocol, bytes: bytes))
            }
            next = info.pointee.ai_next
        }
        return addresses.isEmpty ? .failure("no address") : .success(addresses)
    }

    /// Connects one address without blocking: EINPROGRESS, then writable or the deadline.
    private static func connect(
        _ address: Address, timeout: Duration, reactor: PollReactor, path: String, endpoint: TCPEndpoint
    ) async throws(DeviceError) -> TCPTransport {
        let fd = socket(
            address.family, address.socketType | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
            address.socketProtocol)
        if fd < 0 {
            let code = errno
            throw .unavailable(
                path: path,
                code == EMFILE || code == ENFILE
                    ? DescriptorReserve.refusal(path: path)
                    : "cannot create a socket for \(path): \(String(cString: strerror(code)))")
        }
        let transport = TCPTransport(fileDescriptor: fd, path: path)
        guard DescriptorReserve.admits(fd) else {
            throw .unavailable(path: path, DescriptorReserve.refusal(path: path))
        }
        let started = address.bytes.withUnsafeBytes { raw in
            Glibc.connect(
                fd, raw.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t(address.bytes.count))
        }
        if started != 0 {
            let code = errno
            guard code == EINPROGRESS || code == EINTR else {
                throw .unavailable(path: path, failureMessage(code, endpoint: endpoint, path: path))
            }
            let readiness: PollReactor.Readiness
            do {
                readiness = try await reactor.wait(fd, for: .writable, deadline: .now + timeout)
            } catch {
                throw .unavailable(path: path, "connecting to \(path) was cancelled")
            }
            if readiness == .timedOut {
                throw .unavailable(
                    path: path,
                    "no answer from \(path) within \(timeout); check that the device server is powered, its address, and the network cable"
                )
            }
            var result: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            if getsockopt(fd, SOL_SOCKET, SO_ERROR, &result, &length) != 0 { result = errno }
            if result != 0 {
                throw .unavailable(path: path, failureMessage(result, endpoint: endpoint, path: path))
            }
        }
        transport.setOptions()
        return transport
    }

    /// No delay for the few bytes of a poll command; keepalive so a dead peer is noticed on a silent device.
    private func setOptions() {
        func set(_ level: Int32, _ option: Int32, _ value: Int32) {
            var value = value
            _ = setsockopt(fileDescriptor, level, option, &value, socklen_t(MemoryLayout<Int32>.size))
        }
        set(Int32(IPPROTO_TCP), TCP_NODELAY, 1)
        set(SOL_SOCKET, SO_KEEPALIVE, 1)
        set(Int32(IPPROTO_TCP), TCP_KEEPIDLE, 10)
        set(Int32(IPPROTO_TCP), TCP_KEEPINTVL, 5)
        set(Int32(IPPROTO_TCP), TCP_KEEPCNT, 3)
    }

    /// A failed connect as a sentence with what to check.
    static func failureMessage(_ code: Int32, endpoint: TCPEndpoint, path: String) -> String {
        let text = "cannot connect to \(path): \(String(cString: strerror(code)))"
        switch code {
        case ECONNREFUSED:
            return text
                + "; the host answers but nothing listens on port \(endpoint.port): check the device server's TCP server mode and port (ser2net: its connection line)"
        case EHOSTUNREACH, ENETUNREACH:
            return text
                + "; no route to \(endpoint.host): check the address, the network cable and the gateway's network settings"
        case ETIMEDOUT:
            return text + "; check that the device server is powered and its address"
        default:
            return text
        }
    }
}
