import ArgumentParser

/// `tracegate devices …`: look at serial devices through the production transport.
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "Inspect devices."
    )
}
