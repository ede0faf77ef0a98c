import DeviceProtocols
import Testing
import TraceModel

/// Keyboard wedges: key events → typed reads → scans and card reads (devices.md §3a, §4b, §4c).
@Suite struct KeyboardDecoderTests {
    /// The records of `events` in the 64-bit layout.
    private func records(_ events: [InputEvent]) -> [UInt8] {
        events.flatMap { InputEventLayout.wide.record($0, seconds: 1_700_000_000, microseconds: 123_456) }
    }

    /// A scanner decoder over 24-byte records.
    private func scanner(capsLock: Bool = false, keyboard: KeyboardSettings = KeyboardSettings()) throws
        -> KeyboardWedgeDecoder
    {
        try ProtocolCatalog.makeKeyboardDecoder(
            named: "barcode-line", keyboard: keyboard, capsLock: capsLock, layout: .wide)
    }

    /// devices.md §3a: "6901234567892⏎" is key-downs 7,10,11,2,3,4,5,6,7,8,9,10,3,28.
    @Test func documentedExampleDecodes() throws {
        let codes: [UInt16] = [7, 10, 11, 2, 3, 4, 5, 6, 7, 8, 9, 10, 3, 28]
        var events: [InputEvent] = []
        for code in codes {
            // Real keyboards send MSC_SCAN before each key and SYN_REPORT after it.
            events += [InputEvent(type: InputEvent.miscellaneous, code: 4, value: 0x7001E), .press(code), .report]
            events += [.release(code), .report]
        }
        var decoder = try scanner()
        #expect(decoder.feed(records(events)) == [.barcode(BarcodeRead(data: "6901234567892"))])
        #expect(try KeystrokeEncoder().events(typing: "6901234567892").filter { $0.value == 1 }.map(\.code) == codes)
    }

    /// Shift (either key), Caps Lock (letters only), the LED at open, keypad digits and keypad Enter.
    @Test func shiftCapsLockAndKeypad() throws {
        var keyboard = KeyboardDecoder()
        let events: [InputEvent] = [
            .press(42), .press(30), .release(30), .release(42),  // A
            .press(30), .release(30),  // a
            .press(54), .press(3), .release(3), .release(54),  // @ (right shift)
            .press(58), .release(58),  // Caps Lock on
            .press(30), .release(30), .press(3), .release(3),  // A 2 (digits unaffected)
            .press(42), .press(30), .release(30), .release(42),  // a (shift XOR caps)
            .press(58), .release(58),  // Caps Lock off
            .press(79), .press(82), .press(83),  // keypad 1 0 .
            .press(96),  // keypad Enter ends the read
        ]
        #expect(keyboard.feed(events) == [.read("Aa@A2a10.")])
        var startsLocked = KeyboardDecoder(capsLock: true)
        #expect(startsLocked.feed([.press(30), .press(2), .press(28)]) == [.read("A1")])
        var ledOff = KeyboardDecoder(capsLock: true)
        let led = InputEvent(type: InputEvent.led, code: InputEvent.capsLockLED, value: 0)
        #expect(ledOff.feed([led, .press(30), .press(28)]) == [.read("a")])
    }

    /// Autorepeat types again; Ctrl+] is GS (GS1 separator); Tab as the terminator.
    @Test func repeatControlAndTabTerminator() throws {
        var keyboard = KeyboardDecoder(terminatorKeys: [Keymap.tabKey])
        let repeatKey = InputEvent(type: InputEvent.key, code: 2, value: 2)
        let events: [InputEvent] = [
            .press(2), repeatKey, .release(2), .press(29), .press(27), .release(27), .release(29), .press(3),
            .press(28),  // Enter is an ordinary unknown key now
            .press(15),
        ]
        let outputs = keyboard.feed(events)
        #expect(outputs.count == 1)
        guard case .error(let error) = outputs.first else {
            Issue.record("expected an error for Enter, got \(outputs)")
            return
        }
        #expect(error.reason.contains("key code(s) 28"))
        #expect(
            keyboard.feed([.press(2), .press(29), .press(27), .release(29), .press(3), .press(15)]) == [
                .read("1\u{1D}2")
            ])
    }

    /// An unknown key drops its read with a message naming the code; the next read is intact.
    @Test func unknownKeyDropsOnlyItsRead() throws {
        var decoder = try scanner()
        let bytes = records(
            [.press(2), .press(59), .press(3), .press(28)] + (try KeystrokeEncoder().events(typing: "OK")))
        let events = decoder.feed(bytes)
        #expect(events.count == 2)
        #expect(events.first?.isError == true)
        #expect(events.first.map { "\($0)" }?.contains("59") == true)
        #expect(events.last == .barcode(BarcodeRead(data: "OK")))
    }

    /// Over-long reads are dropped with an error and memory stays bounded.
    @Test func overlongReadIsDroppedAndBounded() throws {
        var keyboard = KeyboardDecoder(maxLength: 8)
        for _ in 0..<100 { _ = keyboard.feed(.press(2)) }
        #expect(keyboard.bufferedCount == 8)
        let outputs = keyboard.feed([.press(28), .press(3), .press(28)])
        #expect(outputs.count == 2)
        if case .error(let error) = outputs.first { #expect(error.reason.contains("longer than 8")) }
        #expect(outputs.last == .read("2"))
    }

    /// A keymap override (German QWERTZ swaps Y and Z) and the inline table form.
    @Test func keymapOverrides() throws {
        let overrides = try Keymap.overrides(table: "21=zZ,44=yY")
        #expect(overrides == [21: "zZ", 44: "yY"])
        var keyboard = KeyboardDecoder(keymap: try Keymap.us.overriding(overrides))
        #expect(
            keyboard.feed([.press(21), .press(44), .press(42), .press(21), .release(42), .press(28)]) == [.read("zyZ")])
        #expect(throws: ProtocolConfigurationError.self) { try Keymap.us.overriding([42: "x"]) }
        #expect(throws: ProtocolConfigurationError.self) { try Keymap.us.overriding([30: "abcd"]) }
        #expect(throws: ProtocolConfigurationError.self) { try KeyboardSettings(layout: "us", terminator: "escape") }
        #expect(try KeyboardSettings(layout: "us", terminator: "tab").terminatorKeys == [15])
    }

    /// Drip-feed: records one byte at a time, all at once and in random chunks give the same events, for
    /// many reads with garbage between them (EV_MSC, stray releases, lone Enters, Caps Lock toggled twice).
    @Test(arguments: ["barcode-line", "em4100-keyboard", "iso14443-keyboard"])
    func dripFeed(_ protocolName: String) throws {
        let reads: [String] =
            switch protocolName {
            case "barcode-line": (0..<40).map { "69012345678\($0 % 10)\($0)-Ab" }
            case "em4100-keyboard": (0..<40).map { String(12_964_329 + $0 * 7919).leftPadded(to: 10) }
            default: (0..<40).map { String(2_332_905_289 + $0 * 104_729) }
            }
        let garbage: [[InputEvent]] = [
            [InputEvent(type: InputEvent.miscellaneous, code: 4, value: 458_792), .report],
            [.release(30), .release(42)], [.press(28), .release(28)], [.press(58), .release(58), .press(58)],
            [.press(42), .release(42)],
        ]
        var events: [InputEvent] = []
        for (index, read) in reads.enumerated() {
            events += garbage[index % garbage.count]
            events += try KeystrokeEncoder().events(typing: read)
        }
        let bytes = records(events)
        let decoder = try ProtocolCatalog.makeKeyboardDecoder(named: protocolName, layout: .wide)
        let reference = DripFeed.events(decoder, bytes, chunking: .allAtOnce)
        #expect(reference.count == reads.count)
        #expect(!reference.contains { $0.isError })
        for chunking in DripFeed.chunkings.dropFirst() {
            #expect(DripFeed.events(decoder, bytes, chunking: chunking) == reference, "\(chunking)")
        }
        if protocolName == "barcode-line" {
            #expect(reference.first == .barcode(BarcodeRead(data: "690123456780" + "0-Ab")))
        }
    }

    /// The 16-byte (32-bit) record layout parses the same events.
    @Test func thirtyTwoBitLayout() throws {
        let narrow = InputEventLayout(wordSize: 4)
        #expect(narrow.recordSize == 16 && InputEventLayout.wide.recordSize == 24)
        #expect(InputEventLayout.native.recordSize == 2 * MemoryLayout<Int>.size + 8)
        let event = InputEvent(type: 1, code: 0x1E, value: -2)
        #expect(narrow.event(in: narrow.record(event)[...]) == event)
        var decoder = try ProtocolCatalog.makeKeyboardDecoder(named: "barcode-line", layout: narrow)
        let bytes = try KeystrokeEncoder().events(typing: "X1").flatMap { narrow.record($0) }
        #expect(decoder.feed(bytes) == [.barcode(BarcodeRead(data: "X1"))])
    }

    /// Card readers: what a reader types for a card decodes to that card, for every format and byte order.
    @Test func keyboardCardFormatsRoundTrip() throws {
        let number = try EM4100Number(hex: "4500C5D1E9")
        let expected: [KeyboardCardFormat: TagRead] = [
            .decimal10: TagRead(technology: .em4100, id: "00C5D1E9", decimal: "0012964329"),
            .w26: TagRead(technology: .em4100, id: "C5D1E9"),
            .w34: TagRead(technology: .em4100, id: "00C5D1E9", decimal: "0012964329"),
            .hex10: TagRead(technology: .em4100, id: "4500C5D1E9", decimal: "0012964329"),
        ]
        for format in KeyboardCardFormat.allCases {
            var options = DecoderOptions()
            options.cardFormat = format
            var decoder = try ProtocolCatalog.makeDecoder(named: "em4100-keyboard", options: options)
            let typed = format.decimalFormat.map { number.typed(as: $0) } ?? number.hex
            #expect(decoder.feed(Array((typed + "\r").utf8)) == [.tag(expected[format]!)], "\(format)")
        }
        for uid: [UInt8] in [[0x8B, 0x0D, 0x4F, 0x49], [0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6]] {
            for order in UIDByteOrder.allCases {
                for textFormat in UIDTextFormat.allCases {
                    var options = try DecoderOptions(keyValues: [
                        "byteOrder=\(order == .msbFirst ? "msb-first" : "lsb-first")"
                    ])
                    options.uidFormat = textFormat
                    options.uidLength = uid.count
                    var decoder = try ProtocolCatalog.makeDecoder(named: "iso14443-keyboard", options: options)
                    let ordered = order == .msbFirst ? uid : uid.reversed()
                    let typed =
                        textFormat == .hex
                        ? ordered.map { String($0, radix: 16, uppercase: true).leftPadded(to: 2) }.joined()
                        : order.decimal(of: uid)
                    let id = uid.map { String($0, radix: 16, uppercase: true).leftPadded(to: 2) }.joined()
                    #expect(
                        decoder.feed(Array((typed + "\n").utf8)) == [.tag(TagRead(technology: .iso14443a, id: id))],
                        "\(order) \(textFormat)")
                }
            }
        }
        #expect(throws: ProtocolConfigurationError.self) { try DecoderOptions(keyValues: ["format=w99"]) }
        #expect(throws: ProtocolConfigurationError.self) { try DecoderOptions(keyValues: ["uidLength=5"]) }
    }

    /// Only typed protocols can sit behind a keyboard.
    @Test func scaleProtocolsCannotBeTyped() {
        #expect(throws: ProtocolConfigurationError.self) {
            try ProtocolCatalog.makeKeyboardDecoder(named: "xk3190-tf0")
        }
    }
}

extension String {
    /// The string with leading zeros up to `width`.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
