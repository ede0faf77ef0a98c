import CFuzzerDriver
import DeviceProtocols
import TraceModel

#if canImport(Glibc)
    import Glibc
#endif

/// The protocol under test, chosen once by `--protocol NAME` before libFuzzer starts.
///
/// A global because libFuzzer's callback is a C function pointer that cannot capture; it is written
/// once in `main` before any callback runs and only read afterwards (libFuzzer is single-threaded
/// here), so `nonisolated(unsafe)` is safe.
nonisolated(unsafe) var selectedProtocol = ""

/// Options that make every protocol constructible: its descriptor's example options (generic-line's pattern).
func fuzzOptions(for name: String) -> DecoderOptions {
    ProtocolCatalog.descriptor(named: name)?.exampleOptions ?? DecoderOptions()
}

/// One input: the first byte picks a chunk size, so decoders are fed incrementally (frames split across
/// feeds) as well as all at once; the rest is the byte stream.
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let chunk = Int(bytes[0] % 17) + 1
    let stream = bytes.dropFirst()
    guard
        var decoder = try? ProtocolCatalog.makeDecoder(
            named: selectedProtocol, options: fuzzOptions(for: selectedProtocol))
    else { fatalError("protocol \(selectedProtocol) cannot be built") }
    var index = stream.startIndex
    while index < stream.endIndex {
        let end = chunk == 17 ? stream.endIndex : min(index + chunk, stream.endIndex)
        for event in decoder.feed(Array(stream[index..<end])) {
            // Touch every event so lazily computed text is produced too.
            _ = String(describing: event)
        }
        index = end
    }
    return 0
}

/// Entry point (SwiftPM's main symbol for this module): strips `--protocol NAME`, passes the rest to libFuzzer.
@_cdecl("DecoderFuzzer_main")
func decoderFuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    var arguments: [UnsafeMutablePointer<CChar>?] = []
    var index = 0
    while index < Int(argc) {
        let argument = String(cString: argv[index]!)
        if argument == "--protocol", index + 1 < Int(argc) {
            selectedProtocol = String(cString: argv[index + 1]!)
            index += 2
            continue
        }
        if argument.hasPrefix("--protocol=") {
            selectedProtocol = String(argument.dropFirst("--protocol=".count))
            index += 1
            continue
        }
        arguments.append(argv[index])
        index += 1
    }
    guard ProtocolCatalog.descriptor(named: selectedProtocol) != nil else {
        let names = ProtocolCatalog.all.map(\.name).joined(separator: " ")
        let usage = "usage: DecoderFuzzer --protocol NAME [libFuzzer options] [corpus dirs]\nprotocols: \(names)\n"
        _ = usage.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        return 2
    }
    var count = Int32(arguments.count)
    arguments.append(nil)
    return arguments.withUnsafeMutableBufferPointer { buffer in
        var pointer = buffer.baseAddress
        return LLVMFuzzerRunDriver(&count, &pointer) { data, size in testOneInput(data, size) }
    }
}
