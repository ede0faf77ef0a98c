import Synchronization

/// The port the platform listens on, once it does; waiters are resumed when it is known or the start failed.
final class ListeningPort: Sendable {
    private enum State: Sendable {
        case waiting([CheckedContinuation<Int, any Error>])
        case listening(Int)
        case stopped(PlatformError)
    }

    private let state = Mutex<State>(.waiting([]))

    /// The port, when listening.
    var port: Int? {
        if case .listening(let port) = state.withLock({ $0 }) { return port }
        return nil
    }

    /// Records the bound port and resumes waiters.
    func listening(on port: Int) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            guard case .waiting(let waiters) = state else { return [] }
            state = .listening(port)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    /// Records that the server stopped (or never started) and fails waiters.
    func stopped(_ error: PlatformError) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            let waiters: [CheckedContinuation<Int, any Error>]
            if case .waiting(let list) = state { waiters = list } else { waiters = [] }
            state = .stopped(error)
            return waiters
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    /// Waits for the port.
    func wait() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let result = state.withLock { state -> Result<Int, PlatformError>? in
                switch state {
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return nil
                case .listening(let port): return .success(port)
                case .stopped(let error): return .failure(error)
                }
            }
            if let result { continuation.resume(with: result) }
        }
    }
}
