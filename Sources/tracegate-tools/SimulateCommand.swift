import ArgumentParser
import CommandSupport
import DeviceProtocols
import Foundation
import Gateway
import Simulators
import TraceModel

/// `tracegate-tools simulate …`: device simulators on pseudo-terminals, for demos, tests and bench setups.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a simulated device on a pseudo-terminal and print its path.",
        discussion: """
            Point a device's `path:` at the printed path (or at --link, a stable symlink) and the gateway reads
            the simulator exactly like a real serial device. SIGINT or SIGTERM stop it and remove the link.
            """,
        subcommands: [Scale.self, Scanner.self, Stall.self, RFID.self, Card.self, Keyboard.self, USB.self])

    /// `--seed` and `--verbose` of every simulator on a pseudo-terminal.
    struct Traffic: ParsableArguments {
        @Option(help: "Seed for the simulated traffic (same seed, same traffic).")
        var seed: UInt64 = 1

        @Flag(help: "Print each scan, tag or card the simulator sends to standard error.")
        var verbose = false
    }

    /// Options the scale and scanner simulators share: the traffic and its line noise.
    struct Common: ParsableArguments {
        @OptionGroup var traffic: Traffic

        @Option(help: "Probability (0–1) of garbage bytes and half frames per frame.")
        var noise: Double = 0.02

        func validate() throws {
            try OptionCheck.between(0...1, noise, "noise")
        }
    }

    /// What a simulated scale sends (`simulate scale`, `simulate stall`): its protocol, the decoder options
    /// that shape its frames, and the traffic.
    struct ScaleTraffic: ParsableArguments {
        @Option(name: .customLong("protocol"), help: "Scale protocol (tracegate decode --list).")
        var protocolName: String = "xk3190-tf0"

        @OptionGroup var common: Common
        @OptionGroup var decoderOptions: DecoderOptionFlags

        @Option(
            help: """
                Run the weighing cycle this many times faster than real time: a frame every 100/speed ms of \
                simulated time, sent in bursts every 100 ms (for soak benchmarks; 1 is a real stall).
                """)
        var speed: Int = 1

        func validate() throws { try OptionCheck.between(1...100, speed, "speed") }

        /// A simulated stall with this scale (and a scanner when `withScanner`), behind the given links.
        func makeStall(scaleLink: String?, scannerLink: String?, withScanner: Bool) throws -> PseudoTerminalStall {
            try SimulateCommand.makeStall(
                protocolName: protocolName, options: decoderOptions, common: common, scaleLink: scaleLink,
                scannerLink: scannerLink, withScanner: withScanner, speed: speed)
        }
    }

    /// `simulate scale`.
    struct Scale: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A scale: items placed, wobbling, settling, lifted.")

        @Option(help: "Create this symlink to the pseudo-terminal.")
        var link: String?

        @OptionGroup var scale: ScaleTraffic

        func run() async throws {
            let stall = try scale.makeStall(scaleLink: link, scannerLink: nil, withScanner: false)
            try await SimulatorHost.run(stall, printing: stall.scalePath)
        }
    }

    /// `simulate scanner`.
    struct Scanner: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A serial barcode scanner scanning sample codes (trace codes, EAN-13, GS1).")

        @Option(help: "Create this symlink to the pseudo-terminal.")
        var link: String?

        @OptionGroup var common: Common

        func run() async throws {
            // A scanner is simulated as part of a stall whose scale output is discarded: scans come at the
            // pace of real sales (one per item).
            let stall = try SimulateCommand.makeStall(
                protocolName: "xk3190-tf0", options: DecoderOptionFlags(), common: common, scaleLink: nil,
                scannerLink: link, withScanner: true)
            try await SimulatorHost.run(stall, printing: stall.scannerPath ?? "")
        }
    }

    /// `simulate stall`.
    struct Stall: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A scale and a scanner used together: scan, place, settle, lift.")

        @Option(help: "Symlink for the scale's pseudo-terminal.")
        var scaleLink: String?

        @Option(help: "Symlink for the scanner's pseudo-terminal.")
        var scannerLink: String?

        @OptionGroup var scale: ScaleTraffic

        func run() async throws {
            let stall = try scale.makeStall(scaleLink: scaleLink, scannerLink: scannerLink, withScanner: true)
            try await SimulatorHost.run(stall, printing: "scale \(stall.scalePath)\nscanner \(stall.scannerPath ?? "")")
        }
    }
}

extension SimulateCommand {
    /// `simulate rfid`.
    struct RFID: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rfid",
            abstract: "An RFID reader: animal tags, cards or UHF labels entering and leaving its field.")

        @Option(
            name: .customLong("protocol"),
            help: "Reader protocol: \(RFIDReaderSimulation.protocolNames.joined(separator: ", ")).")
        var protocolName: String = "fdx-b-ascii"

        @Option(help: "Create this symlink to the pseudo-terminal.")
        var link: String?

        @OptionGroup var traffic: Traffic

        func run() async throws {
            let simulation: RFIDReaderSimulation
            do {
                simulation = try RFIDReaderSimulation(protocolName: protocolName, seed: traffic.seed)
            } catch {
                throw ValidationError("--protocol: \(error.message)")
            }
            try await SimulateCommand.runReader(simulation, link: link, verbose: traffic.verbose, label: "tag")
        }
    }

    /// Runs `simulation` as a reader on a pseudo-terminal (behind `link`) until a signal, printing its path;
    /// with `verbose`, each tag entering its field goes to standard error as `label ID`.
    static func runReader(_ simulation: RFIDReaderSimulation, link: String?, verbose: Bool, label: String)
        async throws
    {
        let reader = try PseudoTerminalRFIDReader(
            simulation: simulation, link: link, onVisit: { tag in if verbose { printError("\(label) \(tag.id)") } })
        try await SimulatorHost.run(reader, printing: reader.path)
    }
}

extension SimulateCommand {
    /// Builds a simulated stall, turning errors into messages for the command line.
    fileprivate static func makeStall(
        protocolName: String, options: DecoderOptionFlags, common: Common, scaleLink: String?,
        scannerLink: String?, withScanner: Bool, speed: Int = 1
    ) throws -> PseudoTerminalStall {
        guard let descriptor = ProtocolCatalog.descriptor(named: protocolName), descriptor.kind == .scale else {
            let scales = ProtocolCatalog.all.filter { $0.kind == .scale }.map(\.name).joined(separator: ", ")
            throw ValidationError("--protocol '\(protocolName)' is not a scale protocol; scales: \(scales).")
        }
        var settings = ScaleSimulationSettings().accelerated(by: speed)
        settings.noiseProbability = common.noise
        do {
            let scale = try ScaleSimulation(
                protocolName: protocolName, options: try options.options(), settings: settings,
                seed: common.traffic.seed)
            let terminator = (try? BarcodeTerminator(option: options.terminator)) ?? .cr
            let verbose = common.traffic.verbose
            return try PseudoTerminalStall(
                simulation: StallSimulation(
                    scale: scale, scanner: ScannerSimulation(terminator: terminator, seed: common.traffic.seed &+ 1)),
                scaleLink: scaleLink, scannerLink: scannerLink, withScanner: withScanner,
                onScan: { scan in if verbose { printError("scan \(scan.symbology ?? "") \(scan.data)") } })
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("cannot simulate \(protocolName): \(error)")
        }
    }
}

extension ScaleSimulationSettings {
    /// The same cycle `factor` times faster: the frame interval and every phase's duration divided by `factor`
    /// (whole milliseconds, at least 1).
    func accelerated(by factor: Int) -> ScaleSimulationSettings {
        func faster(_ range: ClosedRange<Int>) -> ClosedRange<Int> {
            max(1, range.lowerBound / factor)...max(1, range.upperBound / factor)
        }
        var settings = self
        settings.frameIntervalMilliseconds = max(1, frameIntervalMilliseconds / factor)
        settings.emptyMilliseconds = faster(emptyMilliseconds)
        settings.settlingMilliseconds = faster(settlingMilliseconds)
        settings.stableMilliseconds = faster(stableMilliseconds)
        return settings
    }
}
