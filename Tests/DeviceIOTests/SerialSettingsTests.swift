import Foundation
import Testing

@testable import DeviceIO

/// Settings validation, driver resolution and backoff arithmetic.
@Suite struct SerialSettingsTests {
    /// The defaults are 9600 8N1, the usual scale setting.
    @Test func defaultsAreNineSixHundredEightNOne() throws {
        let settings = SerialSettings(path: "/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0")
        try settings.validate()
        #expect(settings.lineDescription == "9600 8N1")
        #expect(
            SerialSettings(path: "/x", baud: 4800, dataBits: 7, parity: .even, stopBits: 2).lineDescription
                == "4800 7E2")
    }

    /// Each invalid setting fails validation, not retryable, naming its key.
    @Test(arguments: [
        (SerialSettings(path: ""), "path"),
        (SerialSettings(path: "/dev/ttyUSB0", baud: 0), "baud"),
        (SerialSettings(path: "/dev/ttyUSB0", dataBits: 9), "dataBits"),
        (SerialSettings(path: "/dev/ttyUSB0", stopBits: 3), "stopBits"),
        (SerialSettings(path: "/dev/ttyUSB0", flowControl: .dtrdsr, driver: .termios), "dtrdsr"),
    ])
    func invalidSettingsNameTheKey(settings: SerialSettings, key: String) {
        #expect {
            try settings.validate()
        } throws: { error in
            guard let error = error as? DeviceError else { return false }
            return !error.isRetryable && error.message.contains(key)
        }
    }

    /// Auto picks termios for pseudo terminals even through a symlink.
    @Test func autoPicksTermiosForPseudoTerminalsEvenThroughASymlink() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pty = try PseudoTerminal(symlinkPath: directory.file("scale0"))
        defer { pty.close() }
        #expect(SerialSettings(path: pty.slavePath).resolvedDriver() == .termios)
        #expect(SerialSettings(path: directory.file("scale0")).resolvedDriver() == .termios)
        #expect(
            SerialSettings(path: directory.file("scale0"), driver: .libserialport).resolvedDriver() == .libserialport)
        #expect(SerialSettings(path: "/dev/ttyUSB0").resolvedDriver() == .libserialport)
        #expect(SerialSettings(path: "/dev/null").resolvedDriver() == .libserialport)
    }

    /// Libserialport refuses a bare pseudo terminal with a hint.
    @Test func libserialportRefusesABarePseudoTerminalWithAHint() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        #expect {
            _ = try SerialSettings(path: pty.slavePath, driver: .libserialport).openTransport()
        } throws: { error in
            guard let error = error as? DeviceError else { return false }
            return error.isRetryable && error.message.contains(pty.slavePath) && error.message.contains("termios")
        }
    }

    /// Backoff doubles up to the cap.
    @Test func backoffDoublesUpToTheCap() {
        let backoff = ReconnectBackoff()
        let delays = (0..<9).map { backoff.baseDelay(attempt: $0) }
        #expect(
            delays == [
                .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30),
                .seconds(30), .seconds(30),
            ])
        #expect(backoff.baseDelay(attempt: 1000) == .seconds(30))
    }

    /// Jitter stays within its fraction.
    @Test func jitterStaysWithinItsFraction() {
        let backoff = ReconnectBackoff(jitter: 0.2)
        #expect(backoff.delay(attempt: 1, unit: 0) == .seconds(1))
        #expect(backoff.delay(attempt: 1, unit: 0.5) == .milliseconds(900))
        for _ in 0..<100 {
            let delay = backoff.delay(attempt: 3)
            #expect(delay <= .seconds(4) && delay >= .milliseconds(3200))
        }
    }

    /// Stable symlinks are resolved to the kernel name libserialport needs; pty targets and plain paths are not.
    @Test func libserialportGetsTheKernelNameBehindASymlink() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let link = directory.file("usb-1a86_USB_Serial-if00-port0")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/null")
        #expect(LibSerialPortTransport.kernelName(of: link) == "/dev/null")
        let pty = try PseudoTerminal(symlinkPath: directory.file("scale0"))
        defer { pty.close() }
        #expect(LibSerialPortTransport.kernelName(of: directory.file("scale0")) == directory.file("scale0"))
        #expect(LibSerialPortTransport.kernelName(of: "/dev/ttyUSB0") == "/dev/ttyUSB0")
    }
}
