import CSerialPort

#if canImport(Glibc)
    import Glibc
#endif

/// Gives the heap's free pages back to the system once a minute while the daemon runs.
///
/// glibc returns freed memory to the system only from the top of each arena; what a burst freed in the middle
/// (a backlog drained after an outage, station mailboxes that filled while the CPU was starved) stays resident, and
/// the daemon's resident size rose in steps at each new burst over a market day (BENCHMARKS.md, soak).
/// `malloc_trim(0)` advises the kernel to reclaim every free page of every arena; a call walks the arenas' free
/// lists, well under a millisecond for this daemon's heap, so once a minute costs nothing measurable.
enum HeapTrim {
    /// Time between trims.
    static let interval = Duration.seconds(60)

    /// Trims until the task is cancelled (the daemon stops).
    static func run() async {
        while (try? await Task.sleep(for: interval)) != nil {
            _ = malloc_trim(0)
        }
    }
}
