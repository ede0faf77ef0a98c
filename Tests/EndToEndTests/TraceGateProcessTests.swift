import Testing

/// Every end-to-end suite runs inside this one, one test at a time: each test starts several
/// processes (simulators, the daemon, command-line tools), and running them all at once on a
/// two-core machine starves the timing-sensitive tests of other modules (the umockdev replay in
/// DeviceIOTests expects its reader to open the device within a few hundred milliseconds).
@Suite("tracegate processes", .serialized)
struct TraceGateProcessTests {}
