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
enum StartupCode {
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
        dropCachedNeighbours(of: executable)
        return advised
    }

    /// Drops the binary's pages that no process maps from the page cache.
    ///
    /// On a fault the kernel maps, besides the page asked for, every neighbour that is in the page cache (fault-around,
    /// up to 64 KiB): with the whole binary cached, as it is right after an install or a build, each page a loop
    /// touches brings 15 neighbours it never runs back into the daemon's resident memory. Once the cache holds only
    /// what some process maps, a page faulted back is the one the loop needs (read alone: `MADV_RANDOM` above).
    /// Pages mapped by any process, this daemon's hot pages included, are not dropped (`POSIX_FADV_DONTNEED` leaves
    /// mapped pages alone), so nothing running is slowed; a `tracegate` command started later reads its pages from
    /// disk once.
    private static func dropCachedNeighbours(of executable: String) {
        let descriptor = open(executable, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
        close(descriptor)
    }
}
