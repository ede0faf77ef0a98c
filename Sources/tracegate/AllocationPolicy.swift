import CSerialPort

/// How the process allocates memory: set first thing in `main`, before any thread exists.
///
/// The daemon's memory is glibc's heap; left to its defaults, it keeps what the busiest moment of the day needed
/// (BENCHMARKS.md, soak).
enum AllocationPolicy {
    /// Applies both settings.
    static func apply() {
        returnLargeBuffersToTheSystem()
        limitArenas()
    }

    /// Buffers of 256 KiB and more (uplink bodies, their compressed copies, batches of rows) come from their own
    /// mappings and go back to the system when freed. By default glibc raises that threshold as such buffers are
    /// freed, after which they stay in the heap and the daemon keeps its largest burst resident: ~4 MiB more RSS
    /// after draining a backlog in 2 MiB batches (BENCHMARKS.md §6). The cost is a page fault per page of each
    /// large buffer, a few per batch.
    static func returnLargeBuffersToTheSystem() {
        _ = mallopt(M_MMAP_THRESHOLD, 256 * 1024)
    }

    /// At most two malloc arenas. glibc gives each thread that meets a locked arena a new one, up to eight per core;
    /// the runtime's worker threads come and go with load, and each new arena keeps its own free memory and
    /// fragments: a 400k-trade soak ended with 11 arenas holding 4.6 MiB free between them, and the resident heap
    /// grew with every thread that appeared (10 → 11 threads, +1.4 MiB RssAnon from 100k to 400k trades). With two
    /// arenas the same run held 2 arenas and +0.5 MiB (MALLOC_ARENA_MAX=2 in the environment does the same; this
    /// makes it the daemon's own). On a 2- to 4-core gateway the lock contention this adds is not measurable
    /// (BENCHMARKS.md: ledger throughput and frame → commit latency). Must run before a second arena exists:
    /// glibc fixes the limit when it first needs one.
    static func limitArenas() {
        _ = mallopt(M_ARENA_MAX, 2)
    }
}
