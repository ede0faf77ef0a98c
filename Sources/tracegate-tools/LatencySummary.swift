import Foundation

/// Percentiles of a set of measurements in milliseconds (nearest-rank: p99 of 300 samples is the
/// 297th smallest, so the figure is a value that was actually measured).
struct LatencySummary: CustomStringConvertible {
    /// The measurements, ascending.
    let sorted: [Double]

    /// Sorts `milliseconds`.
    init(_ milliseconds: [Double]) { sorted = milliseconds.sorted() }

    /// The nearest-rank percentile (`fraction` 0.5 for the median); 0 without measurements.
    func percentile(_ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    /// The median.
    var median: Double { percentile(0.5) }

    /// `p50 … ms, p90 … ms, p99 … ms, max … ms (n samples)`.
    var description: String {
        String(
            format: "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples)", percentile(0.5),
            percentile(0.9), percentile(0.99), sorted.last ?? 0, sorted.count)
    }
}
