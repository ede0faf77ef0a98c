import CFuzzerDriver

#if canImport(Glibc)
    import Glibc
#endif

/// The target under test, chosen once by `--target NAME` before libFuzzer starts.
///
/// A global because libFuzzer's callback is a C function pointer that cannot capture; it is written once in
/// `main` before any callback runs and only read afterwards (libFuzzer is single-threaded here), so
/// `nonisolated(unsafe)` is safe.
nonisolated(unsafe) var selectedTarget: FuzzTarget?

/// Entry point (SwiftPM's main symbol for this module): strips `--target NAME` (or `--protocol NAME`, its older
/// spelling), passes the rest to libFuzzer. `--list` prints the targets' names.
@_cdecl("TraceGateFuzzer_main")
func traceGateFuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    var arguments: [UnsafeMutablePointer<CChar>?] = []
    var name = ""
    var index = 0
    while index < Int(argc) {
        let argument = String(cString: argv[index]!)
        if argument == "--target" || argument == "--protocol", index + 1 < Int(argc) {
            name = String(cString: argv[index + 1]!)
            index += 2
            continue
        }
        arguments.append(argv[index])
        index += 1
    }
    selectedTarget = FuzzTarget.named(name)
    guard selectedTarget != nil else {
        let names = FuzzTarget.all.map(\.name).joined(separator: " ")
        let usage = "usage: TraceGateFuzzer --target NAME [libFuzzer options] [corpus dirs]\ntargets: \(names)\n"
        _ = usage.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        return name.isEmpty ? 2 : 1
    }
    var count = Int32(arguments.count)
    arguments.append(nil)
    return arguments.withUnsafeMutableBufferPointer { buffer in
        var pointer = buffer.baseAddress
        return LLVMFuzzerRunDriver(&count, &pointer) { data, size in
            guard let data, size > 0 else { return 0 }
            selectedTarget?.run(Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        }
    }
}
