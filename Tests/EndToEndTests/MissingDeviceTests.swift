import Testing

extension TraceGateProcessTests {
    /// A device that is not plugged in when the daemon starts: the other stations work, the API says
    /// what the daemon is waiting for, and the device is picked up when it appears — no restart.
    @Suite("A device missing at start")
    struct MissingDeviceTests {
        /// A scale and scanner that appear after start-up are used without a restart.
        @Test("the daemon starts, reports the missing device, and uses it once it appears")
        func missingDeviceIsWaitedFor() async throws {
            let directory = try ScratchDirectory("missing-device")
            defer { directory.remove() }
            let present = TestGateway.stall(1, in: directory)
            let late = TestGateway.stall(2, in: directory)
            let presentSimulator = try await SimulatedStall(present, in: directory, seed: 3)
            defer { presentSimulator.kill() }
            let ledgerPath = directory.file("ledger.db")
            let configuration = try directory.write(
                "tracegate.yaml", TestGateway(ledgerPath: ledgerPath, stalls: [present, late]).yaml)
            let daemon = try GatewayDaemon(configurationPath: configuration, in: directory)
            defer { daemon.kill() }
            let api = LocalAPIProbe(port: try await daemon.waitUntilReady())

            let waiting = try await Polling.until(
                "GET /devices to show scale-2 waiting", evidence: { daemon.process.standardErrorTail }
            ) {
                let devices = try await api.devices()
                guard let scale = devices.first(where: { $0.id == "scale-2" }),
                    scale.state.hasPrefix("waitingForDevice")
                else {
                    return nil as LocalAPIProbe.DeviceLine?
                }
                return scale
            }
            #expect(waiting.path == late.scalePath)
            #expect(waiting.state.contains(late.scalePath), "the reason should name the path: \(waiting.state)")

            let lateSimulator = try await SimulatedStall(late, in: directory, seed: 4)
            defer { lateSimulator.kill() }
            let trades = try await Polling.until(
                "trades from both stations", evidence: { daemon.process.standardErrorTail }
            ) {
                let trades = try daemon.acknowledgedTrades()
                let stations = Set(trades.map(\.station))
                if !daemon.process.isRunning {
                    throw TestFailure("the daemon exited\n\(daemon.process.standardErrorTail)")
                }
                return stations == [present.station, late.station] ? trades : nil
            }
            let devices = try await api.devices()
            #expect(devices.first { $0.id == "scale-2" }?.state == "connected", "\(devices)")
            #expect(try await daemon.stop() == 0, "\(daemon.process.standardErrorTail)")
            LedgerExpectations.expectWellFormed(trades, operators: [present.operatorCode, late.operatorCode])
        }
    }
}
