import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL
import Uplink

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns what the HTTP stack threw into an `UplinkSendError` an operator can act on. Nothing here reads
/// headers or bodies, so no secret can reach a message.
enum TransportFailure {
    /// Classifies `error` from a request to `url` of `platform`. `tls` describes the trust settings for the
    /// certificate hint.
    static func classify(_ error: any Error, platform: String, url: String, trustHint: String) -> UplinkSendError {
        let prefix = "platform '\(platform)' at \(url): "
        if error is CancellationError {
            return UplinkSendError(.unreachable, prefix + "request cancelled (the gateway is stopping)")
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout, .getConnectionFromPoolTimeout:
                return UplinkSendError(
                    .timeout, prefix + "no connection within the timeout; check the network and the platform address")
            case .readTimeout, .writeTimeout, .deadlineExceeded:
                return UplinkSendError(.timeout, prefix + "no complete answer within the timeout")
            case .tlsHandshakeTimeout:
                return UplinkSendError(.timeout, prefix + "TLS handshake did not finish within the timeout")
            case .remoteConnectionClosed:
                return UplinkSendError(
                    .unreachable, prefix + "the platform closed the connection before answering")
            case .cancelled:
                return UplinkSendError(.unreachable, prefix + "request cancelled (the gateway is stopping)")
            default:
                return UplinkSendError(.unreachable, prefix + "\(client)")
            }
        }
        if let ssl = error as? NIOSSLError {
            return tlsFailure(String(describing: ssl), prefix: prefix, trustHint: trustHint)
        }
        if let extra = error as? NIOSSLExtraError {
            if extra == .failedToValidateHostname {
                return UplinkSendError(
                    .tls,
                    prefix
                        + "the platform's certificate does not name this host; use the host name the certificate was"
                        + " issued for in base_url")
            }
            return UplinkSendError(.tls, prefix + "TLS failed (\(extra))")
        }
        if let io = error as? IOError {
            return UplinkSendError(.unreachable, prefix + socketMessage(errno: io.errnoCode))
        }
        if let connection = error as? NIOConnectionError {
            if let first = connection.connectionErrors.first?.error {
                return classify(first, platform: platform, url: url, trustHint: trustHint)
            }
            if connection.dnsAError != nil || connection.dnsAAAAError != nil {
                return UplinkSendError(.unreachable, prefix + "host name does not resolve; check base_url and DNS")
            }
            return UplinkSendError(.unreachable, prefix + "cannot connect")
        }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout: return UplinkSendError(.timeout, prefix + "no connection within the timeout")
            default: return UplinkSendError(.unreachable, prefix + "connection failed (\(channel))")
            }
        }
        let text = String(describing: error)
        // BoringSSL's errors after the handshake (a TLS 1.3 server refuses a client without a certificate only once
        // the client has finished its side) arrive as `BoringSSLError`, not `NIOSSLError`: the same reasons apply.
        if text.localizedCaseInsensitiveContains("ssl") || text.localizedCaseInsensitiveContains("certificate") {
            return tlsFailure(text, prefix: prefix, trustHint: trustHint)
        }
        return UplinkSendError(.unreachable, prefix + "request failed (\(text))")
    }

    /// Certificate and handshake failures, with what to check.
    private static func tlsFailure(_ text: String, prefix: String, trustHint: String) -> UplinkSendError {
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return UplinkSendError(
                .tls,
                prefix
                    + "the platform's certificate was not accepted (CERTIFICATE_VERIFY_FAILED): check that it has not"
                    + " expired and is already valid (is the gateway clock right?), that it was issued for this host,"
                    + " and that its CA is trusted; " + trustHint)
        }
        if text.contains("CERTIFICATE_REQUIRED") || text.contains("HANDSHAKE_FAILURE")
            || text.contains("BAD_CERTIFICATE")
            || text.contains("UNKNOWN_CA") || text.contains("CERTIFICATE_UNKNOWN")
        {
            return UplinkSendError(
                .tls,
                prefix
                    + "the platform refused the TLS handshake (\(shortSSL(text))): if it requires a client certificate,"
                    + " set client_certificate and client_key to the certificate it issued to this gateway")
        }
        return UplinkSendError(.tls, prefix + "TLS failed (\(shortSSL(text))); " + trustHint)
    }

    /// The BoringSSL reason without file paths and line numbers.
    private static func shortSSL(_ text: String) -> String {
        text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    /// A socket error in words.
    static func socketMessage(errno code: Int32) -> String {
        switch code {
        case ECONNREFUSED: return "connection refused; is the platform running and is the port right?"
        case ECONNRESET: return "connection reset by the platform or a middlebox"
        case EPIPE: return "connection closed while sending"
        case ENETUNREACH, EHOSTUNREACH: return "network unreachable; check the uplink network"
        case ETIMEDOUT: return "connection timed out"
        default: return "socket error \(code) (\(String(cString: strerror(code))))"
        }
    }
}
