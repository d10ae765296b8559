import Hummingbird

/// Whether a service can take traffic now, and if not, why.
public enum Readiness: Sendable, Equatable {
    case ready
    /// `code` becomes the envelope's code (e.g. "STATE_NOT_READY"); `reason` its message.
    case notReady(code: String = "NOT_READY", reason: String)
}

/// `/health` (liveness) and `/ready` (readiness), as Kubernetes probes them.
public enum HealthRoutes {
    struct Status: Encodable { var status: String }

    /// `/health` answers 200 as long as the process serves requests; it does no I/O, so a slow
    /// dependency never gets a healthy pod restarted. `/ready` asks `readiness` and answers 503
    /// with the envelope when the service should not receive traffic.
    public static func add<Context: RequestContext>(to router: Router<Context>, readiness: @escaping @Sendable () async -> Readiness) {
        router.get("/health") { _, _ in
            try JSONResponse.make(Status(status: "ok"))
        }
        router.get("/ready") { _, _ in
            switch await readiness() {
            case .ready:
                return try JSONResponse.make(Status(status: "ready"))
            case .notReady(let code, let reason):
                return APIError(status: .serviceUnavailable, code: code, message: reason).envelopeResponse()
            }
        }
    }
}
