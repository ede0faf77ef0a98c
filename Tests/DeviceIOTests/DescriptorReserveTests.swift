import DeviceIO
import Testing

@Suite("A device open leaves the runtime its reserve of descriptors")
struct DescriptorReserveTests {
    /// The kernel hands out the lowest free number, so a descriptor numbered `limit - 16` or higher means fewer
    /// than 16 are free.
    @Test(arguments: [
        (fd: Int32(5), limit: Int?.some(1024), admitted: true),
        (fd: 1007, limit: 1024, admitted: true),
        (fd: 1008, limit: 1024, admitted: false),
        (fd: 1023, limit: 1024, admitted: false),
        (fd: 3, limit: 20, admitted: true),
        (fd: 3, limit: 19, admitted: false),
        (fd: 4, limit: 20, admitted: false),
        (fd: 100_000, limit: nil, admitted: true),
    ])
    func reserve(fd: Int32, limit: Int?, admitted: Bool) {
        #expect(DescriptorReserve.admits(fd, limit: limit) == admitted)
    }

    @Test func refusalNamesTheDeviceTheCauseAndTheFix() {
        let text = DescriptorReserve.refusal(path: "/dev/ttyUSB0")
        #expect(text.hasPrefix("cannot open /dev/ttyUSB0: Too many open files;"))
        #expect(text.contains("LimitNOFILE="))
        #expect(text.contains("the last \(DescriptorReserve.count)"))
        #expect(text.hasSuffix("retrying"))
    }
}
