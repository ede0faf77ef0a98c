import DeviceProtocols
import Testing
import TraceModel

/// The catalogue finds every protocol by name and explains bad names and options.
@Suite struct CatalogTests {
    /// Every listed protocol can be built with its example options (generic-line needs a pattern), names are
    /// unique command-line words, and each descriptor is consistent with the decoder it builds. (The list of
    /// names itself is pinned by `ProtocolDocsTests`: it must match docs/protocols.md's table, in order.)
    @Test func everyProtocolBuilds() throws {
        let names = ProtocolCatalog.all.map(\.name)
        #expect(Set(names).count == names.count, "duplicate names in \(names)")
        for descriptor in ProtocolCatalog.all {
            #expect(
                descriptor.name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") },
                "\(descriptor.name)")
            let options = descriptor.exampleOptions
            let decoder = try ProtocolCatalog.makeDecoder(named: descriptor.name, options: options)
            #expect((decoder.pollCommand != nil) == descriptor.polled, "\(descriptor.name)")
            #expect(decoder.pollCommand == (descriptor.pollCommand ?? decoder.pollCommand), "\(descriptor.name)")
            #expect(ProtocolCatalog.descriptor(named: descriptor.name) == descriptor)
            #expect(!descriptor.summary.isEmpty && !descriptor.summary.contains("\n"))
            for option in descriptor.optionNames {
                #expect(DecoderOptions.settingNames.contains(option), "\(descriptor.name) reads unknown \(option)")
            }
            if descriptor.hasScaleEncoder { #expect(descriptor.kind == .scale, "\(descriptor.name)") }
            if descriptor.tagEncoder != nil { #expect(descriptor.kind == .rfid, "\(descriptor.name)") }
        }
        #expect(
            ProtocolCatalog.keyboardProtocols == ["barcode-line", "em4100-keyboard", "iso14443-keyboard"])
        #expect(ProtocolCatalog.usbHIDProtocols == ["hid-pos-scale", "hid-pos-scanner"])
        #expect(ProtocolCatalog.descriptor(named: "hid-pos-scale")?.zeroCommand == [0x02, 0x02])
        #expect(ProtocolCatalog.all.filter { $0.zeroCommand != nil }.map(\.name) == ["hid-pos-scale"])
    }

    /// Line defaults and poll commands follow devices.md.
    @Test func defaultsFollowTheManuals() throws {
        #expect(ProtocolCatalog.descriptor(named: "toledo-8217")?.defaultLine.summary == "9600 7E1")
        #expect(ProtocolCatalog.descriptor(named: "xk3190-tf0")?.defaultLine.summary == "9600 8N1")
        #expect(ProtocolCatalog.descriptor(named: "and")?.defaultLine.parity == .even)
        #expect(try ProtocolCatalog.makeDecoder(named: "toledo-8217").pollCommand == [0x57])
        #expect(try ProtocolCatalog.makeDecoder(named: "mt-sics").pollCommand == Array("SI\r\n".utf8))
        let custom = DecoderOptions(pollCommand: Array("S\r\n".utf8))
        #expect(try ProtocolCatalog.makeDecoder(named: "mt-sics", options: custom).pollCommand == Array("S\r\n".utf8))
        #expect(try ProtocolCatalog.makeDecoder(named: "xk3190-tf0").pollCommand == nil)
        #expect(ProtocolCatalog.descriptor(named: "nope") == nil)
        #expect(
            try ProtocolCatalog.makeDecoder(named: "uhf-r2000").pollCommand == [0xA0, 0x04, 0x01, 0x89, 0xFF, 0xD3])
        #expect(try ProtocolCatalog.makeDecoder(named: "uhf-chafon").pollCommand == [0x04, 0x00, 0x01, 0xDB, 0x4B])
        #expect(ProtocolCatalog.descriptor(named: "uhf-chafon")?.defaultLine.summary == "57600 8N1")
        #expect(ProtocolCatalog.descriptor(named: "em4100")?.defaultLine.summary == "9600 8N1")
        #expect(ProtocolCatalog.all.filter { $0.kind == .rfid }.count == 8)
        for name in ["dahua-acs", "aclas-os2"] {
            let descriptor = try #require(ProtocolCatalog.descriptor(named: name))
            #expect(descriptor.defaultLine.summary == "9600 8N1")
            #expect(!descriptor.polled && descriptor.kind == .scale && descriptor.hasScaleEncoder)
            #expect(descriptor.summary.contains("unconfirmed on hardware"))
        }
    }

    /// Captures the configuration error thrown by `body`.
    private func error(_ body: () throws -> Void) -> ProtocolConfigurationError? {
        do {
            try body()
            return nil
        } catch {
            return error as? ProtocolConfigurationError
        }
    }

    /// An unknown name lists the valid names.
    @Test func unknownProtocolListsValidNames() {
        let failure = error { _ = try ProtocolCatalog.makeDecoder(named: "xk3190") }
        #expect(failure?.option == nil)
        #expect(
            failure?.message
                == "unknown protocol 'xk3190'; valid names: "
                + ProtocolCatalog.all.map(\.name).joined(separator: ", "))
        #expect(
            failure?.message.hasPrefix("unknown protocol 'xk3190'; valid names: xk3190-tf0, xk3190-reversed") == true)
    }

    /// Bad options name the option and say what to do.
    @Test func badOptionsNameTheOption() {
        let zeroFrames = error {
            _ = try ProtocolCatalog.makeDecoder(named: "xk3190-tf0", options: DecoderOptions(stableFrames: 0))
        }
        #expect(zeroFrames?.option == "stableFrames")
        #expect(zeroFrames?.message.contains("at least 1") == true)

        let noPattern = error { _ = try ProtocolCatalog.makeDecoder(named: "generic-line") }
        #expect(noPattern?.option == "pattern")
        #expect(noPattern?.message.contains("named group 'value'") == true)

        let badRegex = error {
            _ = try ProtocolCatalog.makeDecoder(
                named: "generic-line", options: DecoderOptions(pattern: "(?<value>[0-9"))
        }
        #expect(badRegex?.option == "pattern")
        #expect(badRegex?.message.contains("not a valid regular expression") == true)

        let noValueGroup = error {
            _ = try ProtocolCatalog.makeDecoder(named: "generic-line", options: DecoderOptions(pattern: "([0-9.]+) kg"))
        }
        #expect(
            noValueGroup?.message
                == "the 'pattern' option \"([0-9.]+) kg\" has no named group 'value'; write it as (?<value>…)")

        let badTerminator = error {
            _ = try ProtocolCatalog.makeDecoder(named: "barcode-line", options: DecoderOptions(terminator: "tab"))
        }
        #expect(badTerminator?.option == "terminator")
        #expect(badTerminator?.message == "the 'terminator' option \"tab\" is not one of cr, lf, crlf or suffix:<text>")

        let badEscape = error {
            _ = try ProtocolCatalog.makeDecoder(
                named: "barcode-line", options: DecoderOptions(terminator: "suffix:\\q"))
        }
        #expect(badEscape?.option == "terminator")

        let emptyPoll = error {
            _ = try ProtocolCatalog.makeDecoder(named: "mt-sics", options: DecoderOptions(pollCommand: []))
        }
        #expect(emptyPoll?.option == "pollCommand")

        let noEncoder = error { _ = try ProtocolCatalog.makeScaleEncoder(named: "generic-line") }
        #expect(noEncoder?.message.contains("has no scale encoder") == true)
        #expect(
            noEncoder?.message
                == "protocol 'generic-line' has no scale encoder; simulate one of "
                + ProtocolCatalog.all.filter(\.hasScaleEncoder).map(\.name).joined(separator: ", "))
        let unknownEncoder = error { _ = try ProtocolCatalog.makeScaleEncoder(named: "nope") }
        #expect(unknownEncoder?.message.hasPrefix("unknown protocol 'nope'; valid names: ") == true)
    }

    /// Terminator options parse, escapes included.
    @Test func terminatorOptions() throws {
        #expect(try BarcodeTerminator(option: "CR") == .cr)
        #expect(try BarcodeTerminator(option: "crlf").bytes == [0x0D, 0x0A])
        #expect(try BarcodeTerminator(option: "suffix:\\r\\n").bytes == [0x0D, 0x0A])
        #expect(try BarcodeTerminator(option: "suffix:\\x1E\\x04").bytes == [0x1E, 0x04])
        #expect(try BarcodeTerminator(option: "suffix:##").bytes == [0x23, 0x23])
    }
}

/// Options given as text (CLI `--option key=value`, configuration files).
@Suite struct DecoderOptionsSettingsTests {
    /// Every key parses; missing keys keep their defaults.
    @Test func keysParse() throws {
        let options = try DecoderOptions(keyValues: [
            "stableFrames=5", "unit=lb", "reversed=false", "pattern=(?<value>[0-9.]+)=x", "terminator=crlf",
            "pollCommand=S\\r\\n",
        ])
        #expect(
            options
                == DecoderOptions(
                    stableFrames: 5, unit: .lb, reversed: false, pattern: "(?<value>[0-9.]+)=x", terminator: "crlf",
                    pollCommand: [0x53, 0x0D, 0x0A]))
        #expect(try DecoderOptions(settings: [:]) == DecoderOptions())
        #expect(try DecoderOptions(settings: ["unit": "斤"]).unit == .jin)
    }

    /// Bad keys and values name the key.
    @Test func badSettingsNameTheKey() {
        let cases: [(String, String)] = [
            ("stableFrames=0", "stableFrames"), ("stableFrames=many", "stableFrames"), ("unit=stone", "unit"),
            ("reversed=maybe", "reversed"), ("terminator=tab", "terminator"), ("pollCommand=S\\q", "pollCommand"),
            ("colour=red", "colour"), ("stableFrames", "stableFrames"),
        ]
        for (item, key) in cases {
            do {
                _ = try DecoderOptions(keyValues: [item])
                Issue.record("\(item) was accepted")
            } catch {
                #expect(error.option == key, "\(item): \(error.message)")
                #expect(error.message.contains(key), "\(item): \(error.message)")
            }
        }
    }
}
