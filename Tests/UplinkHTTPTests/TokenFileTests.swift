import Foundation
import Testing
import Uplink
import UplinkHTTP

/// The bearer token file: permission checks, rotation, and the token never in errors or logs.
@Suite struct TokenFileTests {
    /// The token used in these tests (distinctive, so a leak is easy to find).
    static let token = "tg-secret-7d1f9c0e4b2a"

    /// World-readable, group-writable and missing token files are refused at start, naming the file and the fix.
    @Test func permissionChecks() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (mode, words) in [(0o644, "readable by every user"), (0o660, "writable by its group")] {
            let file = try directory.write("token-\(mode)", Self.token, mode: mode)
            #expect {
                try HTTPUplinkTransport(settings: Fixtures.settings(port: 1, tokenFile: file), node: Fixtures.node)
            } throws: { error in
                let text = "\(error)"
                return text.contains(file) && text.contains(words) && text.contains("chmod 600 \(file)")
                    && !text.contains(Self.token)
            }
        }
        let missing = directory.path + "/missing-token"
        #expect {
            try HTTPUplinkTransport(settings: Fixtures.settings(port: 1, tokenFile: missing), node: Fixtures.node)
        } throws: { error in
            "\(error)".contains(missing)
        }
    }

    /// The token goes in `Authorization: Bearer`, is re-read when the file changes, and never appears in an
    /// error or a log line — even when the platform echoes it back in its error page.
    @Test func tokenUseRotationAndSecrecy() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("token", Self.token + "\n")
        let platform = TestPlatform()
        let logs = LogCapture()
        try await platform.run(answer: { request in
            let auth = request.headers["authorization"] ?? ""
            if request.path.hasSuffix("trades:batch") {
                return ScriptedAnswer(
                    400, [("Content-Type", "application/problem+json")],
                    body: #"{"title":"bad","detail":"we got \#(auth)"}"#)
            }
            return ScriptedAnswer(401, body: "denied for \(auth)")
        }) { port in
            var settings = Fixtures.settings(port: port, tokenFile: file)
            settings.gzip = false
            try await Fixtures.withTransport(settings, logger: logs.logger) { transport in
                do throws(UplinkSendError) {
                    _ = try await transport.send(Fixtures.batch(1))
                    Issue.record("expected an error")
                } catch {
                    #expect(error.kind == .httpStatus)
                    #expect(error.message.contains("we got Bearer [token]"))
                    #expect(!error.description.contains(Self.token))
                    #expect(!"\(error)".contains(Self.token))
                }
                // Rotate: a new token is used without restarting.
                try directory.write("token", "tg-rotated-0042\n")
                _ = try? await transport.send(Fixtures.batch(1))
                let master = transport.masterDataClient(nodeCode: "330102001")
                do throws(UplinkSendError) {
                    _ = try await master.fetchCatalogue(ifNoneMatch: nil)
                    Issue.record("expected unauthorized")
                } catch {
                    #expect(error.kind == .unauthorized)
                    #expect(!"\(error)".contains("tg-rotated-0042"))
                }
            }
        }
        let auths = platform.requests.map { $0.headers["authorization"] }
        #expect(auths == ["Bearer \(Self.token)", "Bearer tg-rotated-0042", "Bearer tg-rotated-0042"])
        #expect(!logs.text.isEmpty)
        #expect(!logs.text.contains(Self.token))
        #expect(!logs.text.contains("tg-rotated-0042"))
    }

    /// A token file that becomes world-readable while running stops sends with a configuration error.
    @Test func fileLoosenedWhileRunning() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("token", Self.token)
        try await Fixtures.withTransport(Fixtures.settings(port: 9, tokenFile: file)) { transport in
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
            do throws(UplinkSendError) {
                _ = try await transport.send(Fixtures.batch(1))
                Issue.record("expected a configuration error")
            } catch {
                #expect(error.kind == .configuration)
                #expect(error.message.contains("chmod 600"))
                #expect(!error.message.contains(Self.token))
            }
        }
    }
}
