import NIOSSL

/// The client TLS configuration for a platform: certificate verification always on (full chain and host name,
/// against the system trust store), an optional PEM CA bundle added to or replacing that store, and an optional
/// client certificate and key for mutual TLS. There is deliberately no switch to turn verification off: a
/// platform with a private CA gets its CA in `caBundleFile`.
enum UplinkTLS {
    /// Builds the configuration, loading every file now so a bad path or PEM is reported at start.
    static func configuration(for settings: HTTPUplinkSettings) throws(HTTPUplinkConfigurationError)
        -> TLSConfiguration
    {
        func failure(_ message: String) -> HTTPUplinkConfigurationError {
            HTTPUplinkConfigurationError(platform: settings.name, message)
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        tls.minimumTLSVersion = .tlsv12
        if let bundle = settings.caBundleFile {
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(bundle)
            } catch {
                throw failure(
                    "CA bundle \(bundle) cannot be loaded (\(error)); it must be a readable PEM file of CA certificates"
                )
            }
            guard !certificates.isEmpty else {
                throw failure("CA bundle \(bundle) holds no PEM certificate ('-----BEGIN CERTIFICATE-----')")
            }
            if settings.caBundleOnly {
                tls.trustRoots = .certificates(certificates)
            } else {
                tls.additionalTrustRoots = [.certificates(certificates)]
            }
        }
        switch (settings.clientCertificateFile, settings.clientKeyFile) {
        case (nil, nil):
            break
        case (let certificateFile?, let keyFile?):
            let chain: [NIOSSLCertificate]
            do {
                chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
            } catch {
                throw failure(
                    "client certificate \(certificateFile) cannot be loaded (\(error)); it must be a readable PEM file")
            }
            guard !chain.isEmpty else {
                throw failure("client certificate \(certificateFile) holds no PEM certificate")
            }
            do {
                _ = try SecretFile(role: "client key file", path: keyFile).check()
            } catch {
                throw failure(error.message)
            }
            let key: NIOSSLPrivateKey
            do {
                key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
            } catch {
                // The error text of NIOSSL never includes key material; keep only its type to be sure.
                throw failure(
                    "client key \(keyFile) cannot be loaded (\(type(of: error))); it must be an unencrypted PEM"
                        + " private key matching \(certificateFile)")
            }
            tls.certificateChain = chain.map { .certificate($0) }
            tls.privateKey = .privateKey(key)
        case (.some, nil):
            throw failure("a client certificate is set but no client key file; set both or neither")
        case (nil, .some):
            throw failure("a client key file is set but no client certificate; set both or neither")
        }
        return tls
    }
}
