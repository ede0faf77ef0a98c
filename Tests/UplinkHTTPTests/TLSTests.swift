import Foundation
import Testing
import Uplink
import UplinkHTTP

/// HTTPS with certificates generated in the test: verification on by default, a configured CA, mTLS.
@Suite struct TLSTests {
    /// An accepted answer for any batch of one trade.
    static let accepted: @Sendable (SeenRequest) async -> ScriptedAnswer = { _ in
        .json(#"{"results":[{"trace_code":"33010200100010000001","status":"accepted"}]}"#)
    }

    /// The request timeout: generous, for a loaded CI machine.
    static let timeout = 15.0

    /// Sends one trade over https to a server presenting `issued`.
    static func send(
        server: TestCertificates.Issued, certificates: TestCertificates, requireClientCertificate: Bool = false,
        configure: @Sendable (inout HTTPUplinkSettings) -> Void
    ) async throws -> Result<BatchReply, UplinkSendError> {
        let tls = try certificates.serverTLS(server, requireClientCertificate: requireClientCertificate)
        return try await TestPlatform().run(tls: tls, answer: accepted) { port in
            var settings = Fixtures.settings(port: port, scheme: "https")
            // A refused handshake is an answer at once (the transport does not let the pool retry it), so the timeout
            // only bounds a loaded machine's handshake: generous, or a slow refusal reads as a timeout.
            settings.timeoutSeconds = Self.timeout
            configure(&settings)
            return try await Fixtures.send(Fixtures.batch(1), settings: settings)
        }
    }

    /// Self-signed, unknown-CA and expired certificates are refused by default with `.tls`; the CA-signed one is
    /// accepted once the CA bundle is configured, the expired one still is not.
    @Test func verification() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let certificates = try TestCertificates(directory: directory)
        let caBundle = certificates.ca.certificateFile

        let selfSigned = try await Self.send(server: certificates.selfSigned, certificates: certificates) { _ in }
        #expect(selfSigned.failureKind == .tls, "\(selfSigned)")
        if case .failure(let error) = selfSigned { #expect(error.message.contains("CA")) }

        let unknownCA = try await Self.send(server: certificates.server, certificates: certificates) { _ in }
        #expect(unknownCA.failureKind == .tls, "\(unknownCA)")

        let trusted = try await Self.send(server: certificates.server, certificates: certificates) {
            $0.caBundleFile = caBundle
        }
        #expect((try? trusted.get())?.allAccepted == true, "\(trusted)")

        let trustedOnly = try await Self.send(server: certificates.server, certificates: certificates) {
            $0.caBundleFile = caBundle
            $0.caBundleOnly = true
        }
        #expect((try? trustedOnly.get())?.allAccepted == true, "\(trustedOnly)")

        let expired = try await Self.send(server: certificates.expiredServer, certificates: certificates) {
            $0.caBundleFile = caBundle
        }
        #expect(expired.failureKind == .tls, "\(expired)")
        if case .failure(let error) = expired { #expect(error.message.contains("expired")) }

        let selfSignedWithCA = try await Self.send(server: certificates.selfSigned, certificates: certificates) {
            $0.caBundleFile = caBundle
        }
        #expect(selfSignedWithCA.failureKind == .tls, "\(selfSignedWithCA)")
    }

    /// A server that requires a client certificate accepts ours and refuses a client without one.
    @Test func mutualTLS() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let certificates = try TestCertificates(directory: directory)
        let caBundle = certificates.ca.certificateFile
        let client = certificates.client

        let withCertificate = try await Self.send(
            server: certificates.server, certificates: certificates, requireClientCertificate: true
        ) {
            $0.caBundleFile = caBundle
            $0.clientCertificateFile = client.certificateFile
            $0.clientKeyFile = client.keyFile
        }
        #expect((try? withCertificate.get())?.allAccepted == true, "\(withCertificate)")

        let without = try await Self.send(
            server: certificates.server, certificates: certificates, requireClientCertificate: true
        ) {
            $0.caBundleFile = caBundle
        }
        // Only a TLS handshake refusal, and one that tells the technician what to configure; a closed connection
        // (`.unreachable`) would send them checking the network instead.
        #expect(without.failureKind == .tls, "\(without)")
        if case .failure(let error) = without {
            #expect(error.message.contains("client_certificate and client_key"), "\(error.message)")
        }
        #expect((try? without.get()) == nil)
    }

    /// Settings mistakes are configuration errors at start: a key file others can read, a missing CA bundle,
    /// a certificate without key, plain http to a remote host.
    @Test func configurationErrors() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let certificates = try TestCertificates(directory: directory)
        var openKey = Fixtures.settings(port: 443, scheme: "https")
        let loose = try directory.write("loose.key", certificates.client.keyPEM, mode: 0o644)
        openKey.clientCertificateFile = certificates.client.certificateFile
        openKey.clientKeyFile = loose
        #expect {
            try HTTPUplinkTransport(settings: openKey, node: Fixtures.node)
        } throws: { error in
            "\(error)".contains("chmod 600 \(loose)")
        }

        var missingCA = Fixtures.settings(port: 443, scheme: "https")
        missingCA.caBundleFile = directory.path + "/nope.pem"
        #expect(throws: HTTPUplinkConfigurationError.self) {
            try HTTPUplinkTransport(settings: missingCA, node: Fixtures.node)
        }

        var halfPair = Fixtures.settings(port: 443, scheme: "https")
        halfPair.clientCertificateFile = certificates.client.certificateFile
        #expect(throws: HTTPUplinkConfigurationError.self) {
            try HTTPUplinkTransport(settings: halfPair, node: Fixtures.node)
        }

        var remote = Fixtures.settings(port: 80)
        remote.baseURL = "http://platform.example.gov.cn/api"
        #expect {
            try HTTPUplinkTransport(settings: remote, node: Fixtures.node)
        } throws: { error in
            "\(error)".contains("plain http")
        }
    }
}
