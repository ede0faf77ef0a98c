import Glibc

/// File descriptors the gateway leaves to its runtime when it opens a device.
///
/// The Swift runtime on Linux cannot survive a process that has no descriptor left: libdispatch's thread-pool
/// monitor opens `/proc/<tid>/stat` for each worker once a second while work is queued, and aborts the process
/// (`DISPATCH_CLIENT_CRASH "workq: registered worker exited prematurely"`, SIGILL) when that `open` fails with
/// EMFILE (swift-corelibs-libdispatch, src/event/workqueue.c). SQLite's reader connections, the uplink's sockets
/// and the local API's connections need descriptors too. So a device, whose opens are the gateway's own and come
/// and go with hotplug all day, is refused before it takes one of the last `count`: the device waits and is
/// retried with the operator told why, instead of the daemon being aborted by the runtime a second later.
///
/// The check is exact for the common case and costs one `getrlimit`: the kernel gives an `open` the lowest free
/// number, so a new descriptor numbered `limit - count` or higher means every number below it is in use and fewer
/// than `count` are free.
public enum DescriptorReserve {
    /// Descriptors kept free for the runtime, SQLite and the network.
    public static let count = 16

    /// The soft `RLIMIT_NOFILE` of this process now (another process may change it: `prlimit --pid`).
    public static var limit: Int? {
        var value = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &value) == 0 else { return nil }
        return value.rlim_cur >= rlim_t(Int.max) ? nil : Int(value.rlim_cur)
    }

    /// Whether the device just opened as `fd` left the reserve intact. When it did not, the caller closes `fd`
    /// and reports `refusal(path:)`.
    public static func admits(_ fd: Int32) -> Bool { admits(fd, limit: limit) }

    /// Whether descriptor `fd` leaves `count` free under a soft limit of `limit` (nil: unlimited).
    public static func admits(_ fd: Int32, limit: Int?) -> Bool {
        guard let limit else { return true }
        return Int(fd) < limit - count
    }

    /// Why a device open was given back: EMFILE's text and the hint an operator acts on.
    public static func refusal(path: String) -> String {
        let limit = limit.map { " (limit \($0))" } ?? ""
        return
            "cannot open \(path): \(String(cString: strerror(EMFILE))); all the file descriptors the gateway may hold"
            + " are in use but the last \(count)\(limit), which it keeps for the ledger, the network and the runtime"
            + " (a descriptor leak, or a limit set too low: raise LimitNOFILE= in the systemd unit); retrying"
    }
}
