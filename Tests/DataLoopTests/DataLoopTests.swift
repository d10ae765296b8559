@testable import DataLoop
import Synchronization
import Testing

@Suite struct DataLoopTests {
    @Test func startsAndStopsRepeatedlyWithoutLeakingHandles() async throws {
        for cycle in 0..<25 {
            let loop = try DataLoop(name: "cycle-\(cycle)")
            let ran = try await loop.onLoop { _ in cycle }
            #expect(ran == cycle)
            #expect(try await loop.openHandleCount() == 0)
            try await loop.shutdown()
            // Idempotent, and the loop refuses work once stopped.
            try await loop.shutdown()
            #expect(loop.execute {} == false)
        }
    }

    @Test func runsJobsInSubmissionOrderOnOneThread() async throws {
        try await withDataLoop { loop in
            let order = Mutex<[Int]>([])
            for index in 0..<1_000 {
                #expect(loop.execute { order.withLock { $0.append(index) } })
            }
            _ = try await loop.onLoop { _ in () }
            #expect(order.withLock { $0 } == Array(0..<1_000))
        }
    }

    @Test func timersAndPollsCloseOnShutdown() async throws {
        let loop = try DataLoop()
        let fired = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bool, Error>) in
            loop.execute {
                _ = LoopTimer.once(core: loop.core, milliseconds: 1) { continuation.resume(returning: true) }
            }
        }
        #expect(fired)
        // A timer still pending at shutdown is a leak the loop reports and cleans up.
        _ = try await loop.onLoop { core in
            let timer = LoopTimer(core: core)
            timer.start(milliseconds: 60_000) {}
        }
        #expect(try await loop.openHandleCount() == 1)
        await #expect(throws: DataLoopError.leakedHandles(1)) { try await loop.shutdown() }
    }

    @Test func workAfterShutdownFailsInsteadOfHanging() async throws {
        let loop = try DataLoop()
        try await loop.shutdown()
        await #expect(throws: DataLoopError.shutDown) { try await loop.openHandleCount() }
    }
}
