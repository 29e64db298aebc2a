import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders
import SwitchboardStore

/// What the event-loop relay found out about a request it hands to the task path: the key it
/// authenticated and the body it validated, so neither is done twice.
struct PreparedChatRequest: Sendable {
    let key: ClientKey
    let chat: OpenAIChatInboundRequest
}

/// Serves `POST /v1/chat/completions` on the client connection's event loop, when every route of
/// the request is an OpenAI-compatible upstream on plain HTTP (a passthrough): authentication,
/// validation, admission and failover are synchronous, the upstream is reached through
/// ``EventLoopUpstreamExchange`` on the same loop, and its answer is relayed from the read that
/// brought it — no task, continuation, router or middleware on the way. It is the gateway's hot
/// path, kept to the cost of a bare SwiftNIO proxy as far as the work allows (BENCHMARKS.md).
///
/// It does what the task path (``ChatCompletionsController`` with ``ChatPassthroughRelay``) does,
/// in the same order and with the same answers: the in-flight limit, the key, 413, the body's
/// validation, the model's access and routes, rate limits and budget, failover before the first
/// byte (``FailoverCursor``), the upstream's errors in OpenAI's envelope, streams opened by their
/// first bytes, the usage record, `x-request-id` and the rate-limit headers. A client that goes
/// away cancels the upstream request; streams still running at the shutdown deadline end with
/// an error event. Requests it cannot serve whole (a route that translates, an `https://`
/// upstream) go to the task path with what was prepared (``PreparedChatRequest``).
///
/// Confined to the connection's event loop.
final class EventLoopChatRelay: EventLoopUpstreamDelegate {
    enum Outcome {
        /// Answered, or being answered, here.
        case served
        /// For the task path.
        case handOver(PreparedChatRequest)
    }

    static let path = "/v1/chat/completions"

    /// Whether the relay may take a request with this head (its body received whole).
    static func accepts(_ head: HTTPRequestHead) -> Bool {
        head.method == .POST && head.uri == path
    }

    enum Phase {
        case preparing
        case backoff
        case awaitingHead
        /// A successful non-streamed answer is read whole.
        case collectingAnswer
        /// An error status's body is read (up to ``UpstreamResponse/maximumErrorBytes``).
        case collectingError
        /// A streaming request answered with something other than an event stream.
        case collectingNonStream
        case streaming
        case finished
    }

    let gateway: Gateway
    let dispatcher: ConnectionDispatcher
    let generation: Int
    let channel: any NIOCore.Channel
    let logger: Logger
    let requestID: String
    let started: ContinuousClock.Instant
    var phase = Phase.preparing
    /// Rate-limit state for the response's headers.
    var rateLimits: RateLimitSnapshot?
    /// The request counts against `server.max_in_flight` until its response ends.
    var countsInFlight = false
    var chat: OpenAIChatInboundRequest?
    var cursor: FailoverCursor?
    var step: FailoverPlan.Step?
    /// The current attempt's accounting; nil between attempts and once it wrote its record.
    var attempt: RequestAccounting?
    var exchange: EventLoopUpstreamExchange?
    var backoffTimer: Scheduled<Void>?
    var shutdownToken: Int?
    var upstreamHead: HTTPResponseHead?
    var collected: [UInt8] = []
    // The stream's state (per attempt).
    var parser = SSEParser()
    var streamRelay: OpenAIChatStreamRelay?
    var firstToken: ContinuousClock.Instant?
    /// Events relayed since the first content, about one token each: what a stream cut before the
    /// upstream's usage is charged for.
    var contentEvents = 0
    /// The response head went out (a stream opens with its first bytes).
    var opened = false

    private init(gateway: Gateway, dispatcher: ConnectionDispatcher, generation: Int, channel: any NIOCore.Channel, logger: Logger) {
        self.gateway = gateway
        self.dispatcher = dispatcher
        self.generation = generation
        self.channel = channel
        self.logger = logger
        requestID = RandomIdentifier.makeTimeOrdered("req_")
        started = .now
    }

    /// Serves the request, or hands it to the task path. Call on the connection's event loop,
    /// with the response's generation already started.
    static func serve(
        _ head: HTTPRequestHead, body: ByteBuffer, gateway: Gateway, dispatcher: ConnectionDispatcher, generation: Int,
        channel: any NIOCore.Channel, logger: Logger
    ) -> Outcome {
        EventLoopChatRelay(gateway: gateway, dispatcher: dispatcher, generation: generation, channel: channel, logger: logger)
            .prepare(head, body: body)
    }

    // MARK: Admission

    private func prepare(_ head: HTTPRequestHead, body: ByteBuffer) -> Outcome {
        do {
            try gateway.inFlight.enter(limit: gateway.configuration.maxInFlight)
        } catch {
            answer(error)
            return .served
        }
        countsInFlight = true
        let key: ClientKey
        do {
            key = try gateway.keys.authenticate(
                AuthMiddleware.presentedKey(in: head.headers), peer: channel.remoteAddress?.ipAddress)
        } catch {
            answer(error)
            return .served
        }
        var accounting = RequestAccounting(
            gateway: gateway, requestID: requestID, keyID: key.id, endpoint: "chat.completions", model: "", started: started)
        // Logged (when `log_bodies` is on) under the id of whichever path answers.
        var bytes: [UInt8] = []
        var logged = false
        do {
            let maximum = gateway.configuration.maxBodyBytes
            guard body.readableBytes <= maximum else {
                throw RequestBodyReader.tooLarge(length: body.readableBytes, limit: maximum)
            }
            bytes = Array(body.readableBytesView)
            let chat = try OpenAIChatInboundRequest(body: bytes)
            accounting.model = chat.model
            accounting.streamed = chat.stream
            let router = gateway.router
            try ModelAccess.check(chat.model, key: key, router: router)
            let plan = try gateway.failoverPlan(
                model: chat.model,
                affinity: SessionAffinity.key(of: chat, headers: head.headers), key: key, router: router,
                requirements: { .of(chat) }, mayNeedResponsesAPI: false)
            guard Self.servesOnEventLoop(plan, clientModel: chat.model) else {
                gateway.inFlight.leave()
                countsInFlight = false
                return .handOver(PreparedChatRequest(key: key, chat: chat))
            }
            gateway.logBody(bytes, requestID: requestID, logger: logger)
            logged = true
            gateway.metrics.eventLoopRelays.increment()
            try gateway.grant(
                model: chat.model, plan: plan, bodyBytes: bytes.count, maxOutputTokens: chat.maxOutputTokens, key: key,
                rateLimits: &rateLimits, accounting: &accounting)
            self.chat = chat
            cursor = FailoverCursor(plan: plan, accounting: accounting)
        } catch {
            if !logged { gateway.logBody(bytes, requestID: requestID, logger: logger) }
            accounting.fail(error)
            answer(error)
            return .served
        }
        dispatcher.relayStarted(self)
        if chat?.stream == true {
            let bound = NIOLoopBound(self, eventLoop: channel.eventLoop)
            shutdownToken = gateway.shutdownDeadline.register {
                bound.eventLoop.execute { bound.value.shutdownDeadlinePassed() }
            }
        }
        advance()
        return .served
    }

    /// Every step of the plan is a passthrough to a plain-HTTP upstream.
    static func servesOnEventLoop(_ plan: FailoverPlan, clientModel: String) -> Bool {
        guard !plan.steps.isEmpty else { return false }
        for step in plan.steps {
            guard case .wire(let upstream) = step.route.channel.backend,
                  upstream.format(forClient: .openAIChat, clientModel: clientModel) == .openAIChat,
                  upstream.postsChatCompletionsOnEventLoop
            else { return false }
        }
        return true
    }

    // MARK: Failover

    /// Moves on along the plan: the next attempt, a backoff, or the answer when none is left.
    func advance() {
        // The cursor moves where it is stored: a copy would retain each of its strings.
        guard phase != .finished, cursor != nil else { return }
        let move = cursor!.next(gateway: gateway)
        switch move {
        case .wait(let delay):
            phase = .backoff
            let bound = NIOLoopBound(self, eventLoop: channel.eventLoop)
            let (seconds, attoseconds) = delay.components
            backoffTimer = channel.eventLoop.scheduleTask(in: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)) {
                bound.value.backoffTimer = nil
                bound.value.advance()
            }
        case .attempt(let step, let attempt):
            start(step, attempt: attempt)
        case .exhausted(let error):
            answer(error)
        }
    }

    private func start(_ step: FailoverPlan.Step, attempt: RequestAccounting) {
        guard let chat, case .wire(let upstream) = step.route.channel.backend else { return }
        self.step = step
        self.attempt = attempt
        upstreamHead = nil
        collected = []
        parser = SSEParser()
        streamRelay = nil
        firstToken = nil
        contentEvents = 0
        phase = .awaitingHead
        let body = OpenAIChatPassthrough.upstreamBody(
            for: chat, upstreamModel: step.route.upstreamModel, requestStreamUsage: upstream.streamUsage)
        guard let exchange = upstream.chatCompletionsOnEventLoop(
            body: body, stream: chat.stream, eventLoop: channel.eventLoop, delegate: self)
        else {
            attemptFailed(GatewayError(.upstreamUnavailable, "The upstream cannot be reached from the event loop."))
            return
        }
        self.exchange = exchange
        exchange.start()
    }

    /// The attempt failed before any response went out: the plan goes on, or the error is the answer.
    func attemptFailed(_ error: any Error) {
        guard cursor != nil, let step, let attempt else { return }
        self.attempt = nil
        cancelExchange()
        attempt.fail(
            error, usage: streamRelay?.usage, firstToken: firstToken, countedOutputTokens: contentEvents, beforeResponse: true)
        let goesOn = cursor!.failed(error, step: step, attempt: attempt, gateway: gateway)
        if goesOn {
            advance()
        } else {
            answer(error)
        }
    }

    func cancelExchange() {
        exchange?.cancel()
        exchange = nil
    }
}
