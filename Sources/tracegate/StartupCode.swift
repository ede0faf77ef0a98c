import CSerialPort
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's start-up code, given back once it is ready.
///
/// Most of the code the daemon ever runs, it runs once: argument parsing, YAML and the configuration checks,
/// ledger migrations and the integrity check, TLS and HTTP set-up. Those pages stay mapped from the binary and
/// counted in the process's resident memory for as long as it runs, although only the device, station, ledger
/// and delivery loops run afterwards (BENCHMARKS.md §3: 25 MiB of the binary resident, most of it never touched
/// again). Once the gateway is ready, `release()` asks the kernel to reclaim the binary's clean pages
/// (`MADV_PAGEOUT`, Linux ≥ 5.4): clean, file-backed pages are dropped, nothing is written, and the loops fault
/// back in the few pages they use. A page needed again later (a rare code path) is read from the binary once.
/// Pages another process maps too (a second `tracegate` command) are left alone by the kernel.
///
/// It runs twice: when the gateway is ready, and once more `warmUp` later. The first seconds of work run code once
/// too — opening each device, the first frames, the first trades and deliveries fill caches (type metadata,
/// protocol conformances, prepared statements) whose code is not needed again; giving those pages back as well
/// leaves ~1.8 MiB less resident for the rest of the day (BENCHMARKS.md, issue 9 follow-up).
enum StartupCode {
    /// How long after ready the second release comes.
    static let warmUp = Duration.seconds(10)

    /// `MADV_PAGEOUT` from <bits/mman-linux.h>.
    private static let pageOut: Int32 = 21

    /// Returns the heap's free pages to the system and advises the kernel to reclaim the clean pages of the
    /// executable's mappings; returns the bytes advised (0 when the kernel refuses, e.g. before Linux 5.4: nothing
    /// changes then).
    @discardableResult
    static func release() -> Int {
        // Start-up's temporary allocations (YAML, configuration checks, migrations) were freed but their heap pages
        // stay resident: return every free page of the heap to the system, not only the top of it.
        _ = malloc_trim(0)
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        else { return 0 }
        var advised = 0
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // Every mapping of the binary: code, read-only data, and its writable data, whose pages that were only
            // read are clean too (the kernel keeps the written ones: they are anonymous now, and there is no swap).
            guard fields.count >= 6, fields[5] == executable else { continue }
            let bounds = fields[0].split(separator: "-").compactMap { UInt(String($0), radix: 16) }
            guard bounds.count == 2, bounds[1] > bounds[0], let start = UnsafeMutableRawPointer(bitPattern: bounds[0])
            else { continue }
            let length = Int(bounds[1] - bounds[0])
            // Random access from now on: a page faulted back is read alone, without the read-ahead that would
            // bring its neighbours back too (the kernel maps only pages that are in the page cache around a fault).
            _ = madvise(start, length, MADV_RANDOM)
            if madvise(start, length, pageOut) == 0 { advised += length }
        }
        return advised
    }
}
