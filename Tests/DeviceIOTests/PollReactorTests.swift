import Foundation
import Glibc
import Testing

@testable import DeviceIO

/// The poll reactor: readiness, deadlines, cancellation.
@Suite struct PollReactorTests {
    /// A non-blocking pipe; caller closes both ends.
    func makePipe() throws -> (reader: Int32, writer: Int32) {
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        for end in ends { _ = fcntl(end, F_SETFL, O_NONBLOCK) }
        return (ends[0], ends[1])
    }

    /// Resumes when data arrives.
    @Test func resumesWhenDataArrives() async throws {
        let reactor = PollReactor()
        let (reader, writer) = try makePipe()
        defer {
            close(reader)
            close(writer)
        }
        async let readiness = reactor.wait(reader, for: .readable)
        #expect(await eventually { reactor.waiterCount == 1 })
        var byte: UInt8 = 7
        #expect(write(writer, &byte, 1) == 1)
        #expect(try await readiness == .ready)
        #expect(reactor.waiterCount == 0)
    }

    /// Deadline passes without data.
    @Test func deadlinePassesWithoutData() async throws {
        let reactor = PollReactor()
        let (reader, writer) = try makePipe()
        defer {
            close(reader)
            close(writer)
        }
        let readiness = try await reactor.wait(reader, for: .readable, deadline: .now + .milliseconds(30))
        #expect(readiness == .timedOut)
    }

    /// Writer closed is a hangup.
    @Test func writerClosedIsAHangup() async throws {
        let reactor = PollReactor()
        let (reader, writer) = try makePipe()
        defer { close(reader) }
        close(writer)
        #expect(try await reactor.wait(reader, for: .readable) == .hangup)
    }

    /// Cancellation ends the wait.
    @Test func cancellationEndsTheWait() async throws {
        let reactor = PollReactor()
        let (reader, writer) = try makePipe()
        defer {
            close(reader)
            close(writer)
        }
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    _ = try await reactor.wait(reader, for: .readable)
                    return false
                } catch {
                    return error is CancellationError
                }
            }
            #expect(await eventually { reactor.waiterCount == 1 })
            group.cancelAll()
            #expect(await group.next() == true)
        }
        #expect(reactor.waiterCount == 0)
    }

    /// Already cancelled task does not wait.
    @Test func alreadyCancelledTaskDoesNotWait() async throws {
        let reactor = PollReactor()
        let (reader, writer) = try makePipe()
        defer {
            close(reader)
            close(writer)
        }
        let outcome = await withTaskGroup(of: Bool.self) { group in
            group.cancelAll()
            group.addTask {
                (try? await reactor.wait(reader, for: .readable)) == nil
            }
            return await group.next()
        }
        #expect(outcome == true)
        #expect(reactor.waiterCount == 0)
    }

    /// Many idle waiters are served by one thread.
    @Test func manyIdleWaitersAreServedByOneThread() async throws {
        let reactor = PollReactor()
        let pipes = try (0..<50).map { _ in try makePipe() }
        defer {
            pipes.forEach {
                close($0.reader)
                close($0.writer)
            }
        }
        try await withThrowingTaskGroup(of: PollReactor.Readiness.self) { group in
            for pipe in pipes {
                group.addTask { try await reactor.wait(pipe.reader, for: .readable) }
            }
            #expect(await eventually { reactor.waiterCount == 50 })
            for pipe in pipes {
                var byte: UInt8 = 1
                _ = write(pipe.writer, &byte, 1)
            }
            var count = 0
            for try await readiness in group where readiness == .ready { count += 1 }
            #expect(count == 50)
        }
    }

    /// A reader waits again after every frame: each wait re-arms the descriptor (one-shot epoll), and data that
    /// arrived between two waits is reported at once.
    @Test func waitingAgainReArms() async throws {
        let reactor = PollReactor()
        let (reader, writer) = try makePipe()
        defer {
            close(reader)
            close(writer)
        }
        var byte: UInt8 = 1
        var drained = [UInt8](repeating: 0, count: 16)
        for _ in 0..<20 {
            #expect(write(writer, &byte, 1) == 1)
            #expect(try await reactor.wait(reader, for: .readable) == .ready)
            #expect(read(reader, &drained, drained.count) == 1)
        }
        // Nothing pending: the next wait runs into its deadline instead of a stale readiness.
        #expect(try await reactor.wait(reader, for: .readable, deadline: .now + .milliseconds(30)) == .timedOut)
    }

    /// A reader and a writer may wait on one descriptor at the same time; each is woken for its own interest.
    @Test func readerAndWriterOnOneDescriptor() async throws {
        let reactor = PollReactor()
        var ends: [Int32] = [-1, -1]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        let (socket, peer) = (ends[0], ends[1])
        defer {
            close(socket)
            close(peer)
        }
        async let readable = reactor.wait(socket, for: .readable)
        #expect(await eventually { reactor.waiterCount == 1 })
        // Writable at once, while the reader keeps waiting.
        #expect(try await reactor.wait(socket, for: .writable) == .ready)
        #expect(reactor.waiterCount == 1)
        var byte: UInt8 = 5
        #expect(write(peer, &byte, 1) == 1)
        #expect(try await readable == .ready)
    }

    /// Milliseconds round up.
    @Test func millisecondsRoundUp() {
        #expect(PollReactor.millisecondsRoundedUp(.microseconds(1)) == 1)
        #expect(PollReactor.millisecondsRoundedUp(.milliseconds(1500)) == 1500)
        #expect(PollReactor.millisecondsRoundedUp(.zero - .seconds(1)) == 0)
    }
}
