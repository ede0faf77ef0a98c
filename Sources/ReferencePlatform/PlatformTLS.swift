import HummingbirdTLS

/// The server's TLS configuration from PEM files. Only `HummingbirdTLS` is imported (it re-exports the NIOSSL
/// types named here); NIOSSL's enums are reached as implicit members, so no extra package is needed.
enum PlatformTLS {
    /// Certificate and key; with a client CA, client certificates are required and must chain to it (mTLS).
    static func serverConfiguration(_ files: PlatformTLSFiles) throws(PlatformError) -> TLSConfiguration {
        do {
            let certificates = try NIOSSLCertificate.fromPEMFile(files.certificatePath)
            let key = try NIOSSLPrivateKey(file: files.privateKeyPath, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key))
            if let ca = files.clientCAPath {
                configuration.trustRoots = .file(ca)
                // Clients are not named by a host name; the chain to the CA is what is checked.
                configuration.certificateVerification = .noHostnameVerification
            }
            return configuration
        } catch {
            throw PlatformError(
                "cannot load TLS files (certificate \(files.certificatePath), key \(files.privateKeyPath)"
                    + (files.clientCAPath.map { ", client CA \($0)" } ?? "") + "): \(error)")
        }
    }
}
