import Crypto
import Foundation
import NIOSSL
import X509

/// Certificates made for one test run with swift-certificates: a test CA; a server certificate for
/// 127.0.0.1/localhost signed by it; the same but expired; a self-signed server certificate; a client CA and a
/// client certificate. Everything is written as PEM into `directory` (keys mode 600).
struct TestCertificates {
    /// One certificate and its key, as PEM text and files.
    struct Issued {
        /// Certificate PEM.
        var certificatePEM: String
        /// PKCS#8 private key PEM.
        var keyPEM: String
        /// Certificate file.
        var certificateFile: String
        /// Key file.
        var keyFile: String
    }

    /// The server CA (its `certificateFile` is the CA bundle to configure).
    let ca: Issued
    /// Valid server certificate from `ca`.
    let server: Issued
    /// Server certificate from `ca` that expired yesterday.
    let expiredServer: Issued
    /// Server certificate signed by its own key.
    let selfSigned: Issued
    /// The CA that issues client certificates.
    let clientCA: Issued
    /// A client certificate from `clientCA`.
    let client: Issued

    /// Makes them all under `directory`.
    init(directory: TemporaryDirectory) throws {
        let now = Date()
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("TraceGate Test CA") }
        ca = try Self.issue(
            "ca", subject: caName, key: caKey, issuer: caName, issuerKey: caKey, isCA: true, server: false,
            validity: now.addingTimeInterval(-3600)...now.addingTimeInterval(86_400), directory: directory)
        let serverName = try DistinguishedName { CommonName("127.0.0.1") }
        server = try Self.issue(
            "server", subject: serverName, key: P256.Signing.PrivateKey(), issuer: caName, issuerKey: caKey,
            isCA: false, server: true, validity: now.addingTimeInterval(-3600)...now.addingTimeInterval(86_400),
            directory: directory)
        expiredServer = try Self.issue(
            "expired", subject: serverName, key: P256.Signing.PrivateKey(), issuer: caName, issuerKey: caKey,
            isCA: false, server: true,
            validity: now.addingTimeInterval(-10 * 86_400)...now.addingTimeInterval(-86_400), directory: directory)
        let selfKey = P256.Signing.PrivateKey()
        selfSigned = try Self.issue(
            "self", subject: serverName, key: selfKey, issuer: serverName, issuerKey: selfKey, isCA: false,
            server: true, validity: now.addingTimeInterval(-3600)...now.addingTimeInterval(86_400),
            directory: directory)
        let clientCAKey = P256.Signing.PrivateKey()
        let clientCAName = try DistinguishedName { CommonName("TraceGate Test Client CA") }
        clientCA = try Self.issue(
            "client-ca", subject: clientCAName, key: clientCAKey, issuer: clientCAName, issuerKey: clientCAKey,
            isCA: true, server: false, validity: now.addingTimeInterval(-3600)...now.addingTimeInterval(86_400),
            directory: directory)
        client = try Self.issue(
            "client", subject: try DistinguishedName { CommonName("gateway 330102001") },
            key: P256.Signing.PrivateKey(),
            issuer: clientCAName, issuerKey: clientCAKey, isCA: false, server: false,
            validity: now.addingTimeInterval(-3600)...now.addingTimeInterval(86_400), directory: directory)
    }

    /// A server TLS configuration presenting `issued`, optionally requiring client certificates from `clientCA`.
    func serverTLS(_ issued: Issued, requireClientCertificate: Bool = false) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: [
                .certificate(try NIOSSLCertificate(bytes: Array(issued.certificatePEM.utf8), format: .pem))
            ],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(issued.keyPEM.utf8), format: .pem)))
        if requireClientCertificate {
            tls.certificateVerification = .noHostnameVerification
            tls.trustRoots = .certificates([
                try NIOSSLCertificate(bytes: Array(clientCA.certificatePEM.utf8), format: .pem)
            ])
        }
        return tls
    }

    /// Issues one certificate and writes it.
    private static func issue(
        _ name: String, subject: DistinguishedName, key: P256.Signing.PrivateKey, issuer: DistinguishedName,
        issuerKey: P256.Signing.PrivateKey, isCA: Bool, server: Bool, validity: ClosedRange<Date>,
        directory: TemporaryDirectory
    ) throws -> Issued {
        let extensions = try Certificate.Extensions {
            if isCA {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            } else {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                if server {
                    try ExtendedKeyUsage([.serverAuth])
                    SubjectAlternativeNames([
                        .dnsName("localhost"), .ipAddress(.init(contentBytes: [127, 0, 0, 1][...])),
                    ])
                } else {
                    try ExtendedKeyUsage([.clientAuth])
                }
            }
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: validity.lowerBound, notValidAfter: validity.upperBound, issuer: issuer, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions, issuerPrivateKey: .init(issuerKey))
        let certificatePEM = try certificate.serializeAsPEM().pemString
        let keyPEM = key.pemRepresentation
        return Issued(
            certificatePEM: certificatePEM, keyPEM: keyPEM,
            certificateFile: try directory.write(name + ".crt", certificatePEM, mode: 0o644),
            keyFile: try directory.write(name + ".key", keyPEM, mode: 0o600))
    }
}
