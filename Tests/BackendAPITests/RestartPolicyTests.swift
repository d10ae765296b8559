@testable import BackendAPI
import Testing

struct RestartPolicyTests {
    @Test func waitsDoubleWhileTheSourceFailsWithoutProgress() {
        var policy = RestartPolicy()
        let waits = (0..<7).map { _ in policy.delay(afterFailureWithProgress: false) }
        #expect(waits == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30), .seconds(30)])
    }

    @Test func aRunThatCommittedStartsTheBackoffOver() {
        var policy = RestartPolicy()
        for _ in 0..<6 { _ = policy.delay(afterFailureWithProgress: false) }
        #expect(policy.delay(afterFailureWithProgress: true) == .seconds(1))
        #expect(policy.delay(afterFailureWithProgress: false) == .seconds(2))
    }

    @Test func aCleanEndForgetsEarlierFailures() {
        var policy = RestartPolicy()
        for _ in 0..<4 { _ = policy.delay(afterFailureWithProgress: false) }
        policy.reset()
        #expect(policy.failuresInARow == 0)
        #expect(policy.delay(afterFailureWithProgress: false) == .seconds(1))
    }
}
