import Foundation

/// A process's memory as the kernel reports it in /proc/PID/status.
struct ProcessMemory: CustomStringConvertible {
    /// Resident set size now (VmRSS), in KiB.
    var residentKiB: Int
    /// Peak resident set size (VmHWM), in KiB.
    var peakResidentKiB: Int
    /// Resident anonymous memory (RssAnon: heap and stacks, not the binary's or other files' pages), in KiB.
    var anonymousKiB: Int
    /// Resident file-backed memory (RssFile: the binary's and the libraries' pages), in KiB.
    var fileKiB: Int
    /// Threads.
    var threads: Int

    /// Reads /proc/`pid`/status.
    init(pid: Int32) throws {
        let path = "/proc/\(pid)/status"
        guard let status = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BenchError("cannot read \(path); did the process exit?")
        }
        func field(_ name: String) -> Int {
            // Lines look like "VmRSS:\t   28764 kB".
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return Int(line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
                ?? 0
        }
        residentKiB = field("VmRSS")
        peakResidentKiB = field("VmHWM")
        anonymousKiB = field("RssAnon")
        fileKiB = field("RssFile")
        threads = field("Threads")
    }

    /// The sample with the median VmRSS of five taken 200 ms apart. One sample catches whatever the second holds in
    /// flight (a commit batch, an upload body being built: ±1 MiB at 1,000 trades/s); the median of a second's
    /// samples is the daemon's standing size, which is what a leak would grow.
    static func median(pid: Int32) throws -> ProcessMemory {
        var samples: [ProcessMemory] = []
        for index in 0..<5 {
            if index > 0 { usleep(200_000) }
            samples.append(try ProcessMemory(pid: pid))
        }
        return samples.sorted { $0.residentKiB < $1.residentKiB }[2]
    }

    /// `VmRSS 28.1 MiB, VmHWM 30.2 MiB, 7 threads`.
    var description: String {
        String(
            format: "VmRSS %.1f MiB, VmHWM %.1f MiB, %d threads", Double(residentKiB) / 1024,
            Double(peakResidentKiB) / 1024, threads)
    }
}
