import CLibUSB
import Foundation
import Synchronization

/// One libusb context and the thread that runs its event loop.
///
/// Why a dedicated thread rather than libusb's pollfds on `PollReactor`: libusb's descriptor set changes
/// whenever a device opens or closes (it reports that through callbacks), it needs its own timeouts
/// (`libusb_get_next_timeout`) and it must be told who handles events (`libusb_lock_events`). The
/// reactor waits on one descriptor per task, so mirroring all that would be a second event loop anyway.
/// One thread per context — there is one context per process — serves every USB device: it sleeps in
/// `poll` inside `libusb_handle_events_completed` while nothing happens, so an idle gateway costs no CPU,
/// and transfers are asynchronous, so no cooperative-pool thread ever blocks on USB.
///
/// `@unchecked Sendable`: the only stored value is the context pointer, set once in `init`; libusb
/// contexts are thread-safe (libusb docs, "Multi-threaded applications and asynchronous I/O").
public final class USBContext: @unchecked Sendable {
    /// The libusb context.
    let context: OpaquePointer

    /// The process-wide context, created on first use.
    private static let sharedContext = Mutex<USBContext?>(nil)

    /// The process-wide context; creates it and starts its event thread on first use.
    ///
    /// - Throws: `DeviceError` when libusb cannot initialise (no /dev/bus/usb, out of memory).
    public static func shared() throws(DeviceError) -> USBContext {
        try sharedContext.withLock { (existing: inout USBContext?) throws(DeviceError) -> USBContext in
            if let existing { return existing }
            let created = try USBContext()
            existing = created
            return created
        }
    }

    /// Initialises libusb and starts the event thread. Contexts are never destroyed (one per process).
    init() throws(DeviceError) {
        var pointer: OpaquePointer?
        let status = libusb_init(&pointer)
        guard status == 0, let pointer else {
            throw DeviceError.libusb(status, "initialising libusb for", device: "USB devices")
        }
        context = pointer
        let thread = Thread { [self] in
            while true {
                // Returns after each batch of events; an error (e.g. interrupted) is retried after a pause
                // so a persistent failure cannot spin.
                if libusb_handle_events_completed(context, nil) != 0 { usleep(10_000) }
            }
        }
        thread.name = "tracegate-usb"
        thread.start()
    }
}
