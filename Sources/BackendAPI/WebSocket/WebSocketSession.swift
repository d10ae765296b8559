import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// One upgraded connection: reads the client's requests, and alongside that runs its writer
/// (drains the client's queue), its heartbeat (pings, idle close) and its closer (sends a
/// requested close frame, and drops the TCP connection if the client does not answer in
/// time — a client that stopped reading never will).
struct WebSocketSession: Sendable {
    let connection: ClientConnection
    let activity: ConnectionActivity
    let channel: any Channel
    let hub: SubscriptionHub
    let feed: any ChannelFeed
    let settings: WebSocketSettings
    let metrics: WebSocketMetrics
    let logger: Logger

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        var readError: (any Error)?
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await writeLoop(outbound) }
            group.addTask { await heartbeat() }
            group.addTask { await closeWhenRequested(outbound) }
            do {
                try await readLoop(inbound)
            } catch {
                readError = error
            }
            connection.finish()
            group.cancelAll()
        }
        // WSCore turns its own errors (message too large, bad UTF-8) into the matching close code.
        if let readError { throw readError }
    }

    // MARK: Reading

    private func readLoop(_ inbound: WebSocketInboundStream) async throws {
        var errorsInARow = 0
        for try await message in inbound.messages(maxSize: settings.maxFrameBytes) {
            // Closing: keep reading only to receive the client's close frame.
            guard !connection.isClosing else { continue }
            let accepted: Bool
            switch message {
            case .text(let text):
                accepted = await handle(text)
            case .binary:
                hub.send(.text(ServerMessage.error(.binaryFrame)), to: connection)
                accepted = false
            }
            errorsInARow = accepted ? 0 : errorsInARow + 1
            if errorsInARow >= settings.maxConsecutiveErrors {
                logger.debug("closing websocket client after repeated invalid messages", metadata: ["client": "\(connection.id)"])
                connection.requestClose(code: .policyViolation, reason: "too many invalid messages")
            }
        }
    }

    /// Whether the message was a valid request (for the consecutive-error count).
    private func handle(_ text: String) async -> Bool {
        switch ClientRequest.parse(text) {
        case .failure(let error):
            hub.send(.text(ServerMessage.error(error)), to: connection)
            return false
        case .success(.ping):
            hub.send(.text(ServerMessage.pong), to: connection)
            return true
        case .success(.unsubscribe(let channels)):
            hub.unsubscribe(connection, channels: channels.map(feed.canonicalChannel))
            return true
        case .success(.subscribe(let channels)):
            // Addresses may come in any case; events go out under one spelling.
            return await subscribe(channels.map(feed.canonicalChannel))
        }
    }

    private func subscribe(_ channels: [String]) async -> Bool {
        let limit = settings.maxSubscriptionsPerClient
        guard channels.count <= limit else {
            let error = ClientError(code: "SUBSCRIPTION_LIMIT", message: "at most \(limit) channels per client")
            hub.send(.text(ServerMessage.error(error)), to: connection)
            return false
        }
        var valid: [String] = []
        for channel in channels {
            if let reason = feed.rejectionReason(for: channel) {
                let error = ClientError(code: "INVALID_CHANNEL", message: "cannot subscribe to \(channel): \(reason)", channel: channel)
                hub.send(.text(ServerMessage.error(error)), to: connection)
            } else {
                valid.append(channel)
            }
        }
        guard !valid.isEmpty else { return false }
        let outcome = hub.beginSubscribe(connection, channels: valid, limit: limit)
        for channel in outcome.overLimit {
            let error = ClientError(code: "SUBSCRIPTION_LIMIT", message: "at most \(limit) channels per client; \(channel) not subscribed",
                                    channel: channel)
            hub.send(.text(ServerMessage.error(error)), to: connection)
        }
        for channel in outcome.pending {
            let initial = await feed.initialEvent(for: channel)
            hub.completeSubscribe(connection, channel: channel, initial: initial)
        }
        return !outcome.acknowledged.isEmpty
    }

    // MARK: Writing

    private func writeLoop(_ outbound: WebSocketOutboundWriter) async {
        for await message in connection.outbox {
            guard !connection.isAborting else { return }
            do {
                switch message {
                case .text(let buffer):
                    try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: buffer)))
                    metrics.messagesSent.increment()
                case .ping:
                    try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .ping, data: ByteBuffer())))
                case .close(let request):
                    try await outbound.close(request.code, reason: request.reason)
                    return
                }
            } catch {
                return  // the connection is closing; the reader sees it end
            }
        }
    }

    // MARK: Liveness

    private func heartbeat() async {
        let clock = ContinuousClock()
        var nextPing = clock.now + settings.pingInterval
        while !Task.isCancelled {
            let idleDeadline = activity.lastReadInstant + settings.idleTimeout
            do {
                try await Task.sleep(until: min(nextPing, idleDeadline), clock: clock)
            } catch {
                return
            }
            let now = clock.now
            if now >= activity.lastReadInstant + settings.idleTimeout {
                logger.debug("closing idle websocket client", metadata: ["client": "\(connection.id)"])
                connection.requestClose(code: .goingAway, reason: "idle timeout")
                return
            }
            if now >= nextPing {
                hub.send(.ping, to: connection)
                nextPing = now + settings.pingInterval
            }
        }
    }

    /// Arms the deadline after which the TCP connection is dropped, whoever sends the close
    /// frame; sends it here when the close is immediate (the writer may be stuck on a client
    /// that stopped reading).
    private func closeWhenRequested(_ outbound: WebSocketOutboundWriter) async {
        var armed = false
        for await request in connection.closeRequests {
            if !armed {
                armed = true
                let channel = self.channel
                let deadline = channel.eventLoop.scheduleTask(in: TimeAmount(settings.closeTimeout)) {
                    channel.close(promise: nil)
                }
                channel.closeFuture.whenComplete { _ in deadline.cancel() }
            }
            if request.immediate {
                // Suspends while the socket is not writable: the deadline ends that.
                try? await outbound.close(request.code, reason: request.reason)
                return
            }
        }
    }
}
