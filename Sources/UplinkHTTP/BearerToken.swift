import Foundation
import NIOConcurrencyHelpers
import Uplink

/// The platform's bearer token, read from its file at start and again whenever the file changes (inode, size or
/// modification time), so an operator can rotate it without a restart.
///
/// The token is kept only here and in the `Authorization` header: this type's description is redacted and no
/// message built from it contains the token.
final class BearerToken: Sendable, CustomStringConvertible {
    /// The file.
    private let file: SecretFile
    /// The platform's name, for messages.
    private let platform: String
    /// The last token read and the stamp of the file it came from.
    private let cache: NIOLockedValueBox<(token: String, stamp: SecretFile.Stamp)>

    /// Reads and checks the file now; throws a configuration error naming the file and the fix.
    init(path: String, platform: String) throws(HTTPUplinkConfigurationError) {
        self.file = SecretFile(role: "token file", path: path)
        self.platform = platform
        do {
            let (bytes, stamp) = try file.read()
            let token = try Self.token(from: bytes, file: file)
            cache = NIOLockedValueBox((token, stamp))
        } catch {
            throw HTTPUplinkConfigurationError(platform: platform, error.message)
        }
    }

    /// The current token, re-read when the file changed. A file that went missing or open to others is a
    /// configuration error for this send (the trades stay pending).
    func current() throws(UplinkSendError) -> String {
        do {
            let stamp = try file.check()
            if let token = cache.withLockedValue({ $0.stamp == stamp ? $0.token : nil }) { return token }
            let (bytes, newStamp) = try file.read()
            let token = try Self.token(from: bytes, file: file)
            cache.withLockedValue { $0 = (token, newStamp) }
            return token
        } catch {
            throw UplinkSendError(.configuration, "platform '\(platform)': \(error.message)")
        }
    }

    /// `text` with every occurrence of the current token replaced by `[token]`: a platform that echoes the
    /// `Authorization` header in an error page must not put the token into our messages.
    func redact(_ text: String) -> String {
        let token = cache.withLockedValue { $0.token }
        guard !token.isEmpty, text.contains(token) else { return text }
        return text.replacingOccurrences(of: token, with: "[token]")
    }

    /// The first line, trimmed; it must be non-empty and fit in a header (visible ASCII only).
    private static func token(from bytes: [UInt8], file: SecretFile) throws(SecretFileError) -> String {
        let firstLine = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).first ?? []
        let trimmed = firstLine.drop { $0 == 32 || $0 == 9 || $0 == 13 }.reversed().drop {
            $0 == 32 || $0 == 9 || $0 == 13
        }.reversed()
        guard !trimmed.isEmpty else {
            throw SecretFileError("\(file.role) \(file.path) is empty; write the platform's token on its first line")
        }
        guard trimmed.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw SecretFileError(
                "\(file.role) \(file.path) holds characters a token cannot have (spaces, control or non-ASCII);"
                    + " write only the token on the first line")
        }
        return String(decoding: Array(trimmed), as: UTF8.self)
    }

    /// Redacted: the token never reaches logs through string interpolation.
    var description: String { "BearerToken(\(file.path), redacted)" }
}
