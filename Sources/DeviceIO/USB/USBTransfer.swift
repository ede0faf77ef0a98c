import CLibUSB
import Foundation
import Synchronization

/// One asynchronous libusb transfer bridged to Swift concurrency: `run` submits it and suspends until
/// libusb's callback (on the `USBContext` event thread) reports completion.
///
/// `@unchecked Sendable`: the transfer pointer is touched by the submitting task (before submission),
/// the cancellation handler and the callback; the latter two only under `lock`, and `finished` makes sure
/// `libusb_cancel_transfer` is never called on a transfer the callback has already freed.
final class USBTransfer: @unchecked Sendable {
    /// How a transfer ended.
    struct Outcome: Sendable {
        /// libusb_transfer_status raw value.
        var status: UInt32
        /// Bytes received (IN) or sent (OUT); for control transfers without the 8-byte setup packet.
        var bytes: [UInt8]
    }

    /// The libusb transfer (owns its buffer; freed by the callback).
    private let transfer: UnsafeMutablePointer<libusb_transfer>
    /// Guards `finished` and `continuation`.
    private let lock = Mutex<
        (finished: Bool, continuation: CheckedContinuation<Result<Outcome, USBSubmitFailure>, Never>?)
    >(
        (false, nil))
    /// Whether this is a control transfer (its buffer starts with the setup packet).
    private let isControl: Bool

    /// Prepares a transfer of `type` on `endpoint` with a buffer of `length` bytes holding `payload`.
    init(
        handle: OpaquePointer, endpoint: UInt8, type: libusb_transfer_type, payload: [UInt8], length: Int,
        timeoutMilliseconds: UInt32
    ) {
        transfer = libusb_alloc_transfer(0)
        let buffer = malloc(max(length, 1)).assumingMemoryBound(to: UInt8.self)
        payload.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.update(from: base, count: min(payload.count, length)) }
        }
        transfer.pointee.dev_handle = handle
        transfer.pointee.endpoint = endpoint
        transfer.pointee.type = UInt8(type.rawValue)
        transfer.pointee.timeout = timeoutMilliseconds
        transfer.pointee.buffer = buffer
        transfer.pointee.length = Int32(length)
        // The buffer goes with the transfer in libusb_free_transfer.
        transfer.pointee.flags = UInt8(LIBUSB_TRANSFER_FREE_BUFFER.rawValue)
        transfer.pointee.callback = { pointer in
            guard let pointer, let context = pointer.pointee.user_data else { return }
            Unmanaged<USBTransfer>.fromOpaque(context).takeRetainedValue().complete()
        }
        isControl = type == LIBUSB_TRANSFER_TYPE_CONTROL
    }

    /// Submits the transfer and waits for it; cancelling the task cancels the transfer (status CANCELLED).
    /// Fails with the libusb error code when submission itself fails (NO_DEVICE after an unplug).
    func run() async -> Result<Outcome, USBSubmitFailure> {
        await withTaskCancellationHandler {
            await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<Outcome, USBSubmitFailure>, Never>) in
                lock.withLock { $0.continuation = continuation }
                let retained = Unmanaged.passRetained(self)
                transfer.pointee.user_data = retained.toOpaque()
                let status = libusb_submit_transfer(transfer)
                guard status != 0 else {
                    // Cancelled before submission: the handler below found nothing to cancel yet.
                    if Task.isCancelled {
                        lock.withLock { state in if !state.finished { _ = libusb_cancel_transfer(transfer) } }
                    }
                    return
                }
                retained.release()
                let waiting = lock.withLock { state in
                    state.finished = true
                    defer { state.continuation = nil }
                    return state.continuation
                }
                libusb_free_transfer(transfer)
                waiting?.resume(returning: .failure(USBSubmitFailure(code: status)))
            }
        } onCancel: {
            lock.withLock { state in
                if !state.finished { _ = libusb_cancel_transfer(transfer) }
            }
        }
    }

    /// Called on the event thread when libusb is done with the transfer.
    private func complete() {
        let offset = isControl ? 8 : 0
        let count = Int(transfer.pointee.actual_length)
        let bytes = Array(UnsafeBufferPointer(start: transfer.pointee.buffer + offset, count: max(count, 0)))
        let outcome = Outcome(status: transfer.pointee.status.rawValue, bytes: bytes)
        let waiting = lock.withLock { state in
            state.finished = true
            defer { state.continuation = nil }
            return state.continuation
        }
        libusb_free_transfer(transfer)
        waiting?.resume(returning: .success(outcome))
    }
}

/// A transfer libusb refused to submit, with its error code.
struct USBSubmitFailure: Error, Sendable {
    /// The libusb error code (LIBUSB_ERROR_NO_DEVICE after an unplug).
    var code: Int32
}
