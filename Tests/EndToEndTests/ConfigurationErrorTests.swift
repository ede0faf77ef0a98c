import Foundation
import Testing

extension TraceGateProcessTests {
    /// An invalid configuration stops `tracegate run` before it touches anything, with every problem
    /// named by file, line and key — the same lines `tracegate config check` prints.
    @Suite("Bad configuration at the process level")
    struct ConfigurationErrorTests {
        /// A file with four independent mistakes; each is on a line containing its marker comment.
        static func badYAML(ledgerPath: String) -> String {
            """
            node:
              code: "33010200"              # BAD node.code: 8 digits
              name: "测试市场"
              type: retail_market
              operators:
                - code: "3301020010001"
            ledger:
              path: "\(ledgerPath)"
            devices:
              - id: scale-1
                protocol: xk3190-tf0
                path: /dev/tracegate/scale-1
                baudrate: 9600              # BAD devices[0].baudrate: unknown key
              - id: scanner-1
                protocol: barcode-line
                path: /dev/tracegate/scanner-1
            catalogue:
              - code: "10010001"
                name: "猪后腿肉"
                price_fen: 1500
                gtin: ["6901234567890"]     # BAD catalogue[0].gtin: wrong check digit
            stations:
              - id: stall-1
                operator: "3301020010001"
                scale: scale-1
                scanner: scanner-1
                trigger: auto               # BAD stations[0].trigger: not stable or confirm
            """
        }

        /// `(line, key)` for each `# BAD key` marker in `yaml`, 1-based lines.
        static func expectedIssues(_ yaml: String) -> [(line: Int, key: String)] {
            yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
                guard let marker = line.range(of: "# BAD ") else { return nil }
                let key = line[marker.upperBound...].prefix { $0 != ":" }
                return (index + 1, String(key))
            }
        }

        /// Four mistakes in one file: all four reported by `run` (exit 78) and by `config check`.
        @Test("run exits 78 naming file:line:key of every error; config check prints the same")
        func invalidConfigurationIsRefused() async throws {
            let directory = try ScratchDirectory("bad-config")
            defer { directory.remove() }
            let ledgerPath = directory.file("ledger.db")
            let yaml = Self.badYAML(ledgerPath: ledgerPath)
            let file = try directory.write("bad.yaml", yaml)
            let expected = Self.expectedIssues(yaml)
            #expect(expected.count == 4)

            let run = try await ChildProcess.run(["run", "--config", file, "--api-port", "0"], in: directory)
            #expect(run.status == 78, "\(run)")
            let runErrors = run.errorLines.filter { $0.hasPrefix("error: ") }
            for issue in expected {
                #expect(
                    runErrors.contains { $0.hasPrefix("error: \(file):\(issue.line): \(issue.key): ") },
                    "no error names \(file):\(issue.line): \(issue.key)\n\(run)")
            }
            #expect(runErrors.count == expected.count, "\(run)")
            #expect(run.standardError.contains("not starting"), "\(run)")
            #expect(
                !FileManager.default.fileExists(atPath: ledgerPath), "an invalid configuration must not create a ledger"
            )

            let check = try await ChildProcess.run(["config", "check", file], in: directory)
            #expect(check.status != 0, "\(check)")
            #expect(check.errorLines.filter { $0.hasPrefix("error: ") } == runErrors, "\(check)")
        }

        /// The configuration the other tests run is valid on its own.
        @Test("a valid file passes config check")
        func validConfigurationPasses() async throws {
            let directory = try ScratchDirectory("good-config")
            defer { directory.remove() }
            let gateway = TestGateway(
                ledgerPath: directory.file("ledger.db"), stalls: [TestGateway.stall(1, in: directory)])
            let file = try directory.write("tracegate.yaml", gateway.yaml)
            let check = try await ChildProcess.run(["config", "check", file], in: directory)
            #expect(check.status == 0, "\(check)")
            #expect(check.standardOutput.contains("OK"), "\(check)")
        }
    }
}
