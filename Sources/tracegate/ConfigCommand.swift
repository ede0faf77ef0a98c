import ArgumentParser
import CommandSupport
import Foundation
import Gateway

/// `tracegate config …`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check configuration files and list their keys.",
        subcommands: [Check.self, Keys.self])

    /// `tracegate config check FILE`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file; every error names the file, line and key.")

        @Argument(help: "The configuration file.")
        var file: String

        func run() throws {
            do {
                let configuration = try GatewayConfiguration.load(path: file)
                for warning in configuration.warnings { printError("warning: \(warning)") }
                print(
                    "\(file): OK — node \(configuration.node.code), \(configuration.stations.count) station(s), \(configuration.devices.count) device(s)"
                )
            } catch let error as ConfigurationError {
                for issue in error.issues { printError("error: \(issue)") }
                throw ExitCode(65)
            }
        }
    }

    /// `tracegate config keys [--markdown]`.
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every configuration key with its type, default and meaning.",
            discussion: "--markdown prints docs/config.md: swift run tracegate config keys --markdown > docs/config.md")

        @Flag(help: "Print the Markdown of docs/config.md.")
        var markdown = false

        func run() {
            print(markdown ? ConfigurationSchema.markdown : ConfigurationSchema.text, terminator: "")
        }
    }
}
