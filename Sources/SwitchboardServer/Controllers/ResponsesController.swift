import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders
import SwitchboardStore
import Foundation

/// The OpenAI Responses API: `POST /v1/responses` (relayed as is to channels that serve
/// Responses, translated for every other channel), and the stored responses behind
/// `GET`/`DELETE /v1/responses/{id}` and `GET /v1/responses/{id}/input_items`.
struct ResponsesController {
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<SwitchboardRequestContext>) {
        group.post("responses", use: create)
        group.get("responses/{id}", use: show)
        group.delete("responses/{id}", use: remove)
        group.get("responses/{id}/input_items", use: inputItems)
    }

    @Sendable func create(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        var accounting = RequestAccounting(
            gateway: gateway, requestID: context.requestID, keyID: context.clientKey?.id,
            endpoint: "responses", model: "", started: context.started)
        let body: [UInt8]
        let parsed: OpenAIResponsesRequest
        let plan: FailoverPlan
        var history: [JSONValue] = []
        let keyID = context.clientKey?.id ?? ""
        do {
            body = try await RequestBodyReader.read(request, limit: gateway.configuration.maxBodyBytes)
            gateway.logBody(body, context: context)
            parsed = try OpenAIResponsesRequest.parse(body: body)
            accounting.model = parsed.model
            accounting.streamed = parsed.stream
            if parsed.background {
                throw GatewayError.invalidRequest("Background responses are not supported by this gateway; omit `background`.", param: "background")
            }
            let affinity = SessionAffinity.key(
                headers: request.headers, promptCacheKey: parsed.object["prompt_cache_key"]?.stringValue,
                metadataUserID: parsed.object["metadata"]?["user_id"]?.stringValue, user: parsed.object["user"]?.stringValue)
            plan = try gateway.admit(
                model: parsed.model, bodyBytes: body.count, maxOutputTokens: parsed.maxOutputTokens, affinity: affinity,
                requirements: { .ofResponses(.object(parsed.object)) }, context: context, accounting: &accounting)
            if let previousID = parsed.previousResponseID {
                history = try await ResponsesHistory.items(before: previousID, keyID: keyID, store: gateway.store)
            }
        } catch {
            accounting.fail(GatewayError.from(error, request: request))
            throw error
        }
        return try await gateway.failover(plan, accounting: accounting) { route, accounting in
            let store = gateway.store
            let save: @Sendable (JSONValue?) async -> Void = { [logger = gateway.logger] response in
                guard parsed.store, let response else { return }
                do {
                    try await ResponsesHistory.save(
                        response: response, input: parsed.input, previousID: parsed.previousResponseID, keyID: keyID,
                        model: parsed.model, store: store)
                } catch {
                    logger.error("Could not store a response", metadata: ["error": "\(error)"])
                }
            }
            var plan = RelayPlan.make(clientFormat: .openAIResponses, route: route, clientModel: parsed.model)
            if case .passthrough(let upstream) = plan, parsed.previousResponseID != nil {
                // The chain lives in this gateway's store, not upstream: the conversation is rebuilt and
                // translated, so the answer carries this gateway's ids and `previous_response_id`.
                plan = .translate(WireGenerationProvider(
                    upstream: upstream, adapter: UpstreamAdapters.adapter(for: .openAIResponses, upstream: upstream)))
            }
            switch plan {
            case .passthrough(let upstream):
                let upstreamBody = try OpenAIResponsesPassthrough.rewrite(
                    body: body, upstreamModel: route.upstreamModel, expandedInput: nil)
                let relay = WirePassthroughRelay(
                    upstream: upstream, path: "/responses", body: upstreamBody, forwarded: [], accounting: accounting,
                    decodeError: { status, body in OpenAIErrorEnvelope.decode(body, status: status) })
                if parsed.stream {
                    return try await relay.stream(
                        context: context, observer: OpenAIResponsesStreamObserver(clientModel: parsed.model),
                        failure: { error in
                            var encoder = OpenAIResponsesStreamEncoder(request: parsed, id: "resp_failed", createdAt: 0, model: parsed.model)
                            return encoder.fail(error)
                        },
                        afterEnd: { observer in await save(observer.finalResponse) })
                }
                return try await relay.respond { bytes in
                    let observed = OpenAIResponsesResponseObserver.observe(body: bytes, clientModel: parsed.model)
                    await save(observed.response)
                    return (observed.body, observed.usage)
                }
            case .translate(let provider):
                var generation = OpenAIResponsesDecoder.decode(parsed, history: history)
                generation.model = route.upstreamModel
                let id = RandomIdentifier.make("resp_")
                let createdAt = Int(Date().timeIntervalSince1970)
                let relay = GenerationRelay(provider: provider, generation: generation, accounting: accounting)
                if parsed.stream {
                    let encoder = OpenAIResponsesStreamEncoder(request: parsed, id: id, createdAt: createdAt, model: parsed.model)
                    return try await relay.stream(context: context, encoder: encoder) { encoder in
                        await save(encoder.finalResponse)
                    }
                }
                return try await relay.respond { response in
                    var response = response
                    response.model = parsed.model
                    let encoded = OpenAIResponsesResponseEncoder.encode(response, request: parsed, id: id, createdAt: createdAt)
                    await save(encoded)
                    return encoded
                }
            }
        }
    }

    private func stored(_ context: SwitchboardRequestContext) async throws -> StoredResponse {
        let id = context.parameters.get("id") ?? ""
        guard let stored = try await gateway.store.response(id: id, keyID: context.clientKey?.id ?? "") else {
            throw GatewayError(.notFound, "No response found with id '\(id)'.", param: "response_id")
        }
        return stored
    }

    @Sendable func show(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        .json(Array(try await stored(context).responseJSON.utf8))
    }

    @Sendable func remove(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard try await gateway.store.deleteResponse(id: id, keyID: context.clientKey?.id ?? "") else {
            throw GatewayError(.notFound, "No response found with id '\(id)'.", param: "response_id")
        }
        return .json(.object(["id": .string(id), "object": "response.deleted", "deleted": .bool(true)]))
    }

    /// The items the response was generated from (the chain's earlier items, then the request's
    /// own input), each with an id, newest first unless `order=asc`, paged by `limit` (1-100,
    /// default 20) and `after`.
    @Sendable func inputItems(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let stored = try await stored(context)
        var items: [JSONValue] = []
        if let previousID = stored.previousResponseID {
            items = (try? await ResponsesHistory.items(before: previousID, keyID: stored.keyID, store: gateway.store)) ?? []
        }
        items += (try? JSON.parse(stored.inputItemsJSON))?.arrayValue ?? []
        var listed = items.enumerated().map { index, item -> JSONValue in
            guard var object = item.objectValue, object["id"] == nil else { return item }
            var withID: JSONObject = ["id": .string("\(stored.id)_item_\(index)")]
            for member in object { withID[member.key] = member.value }
            object = withID
            return .object(object)
        }
        let query = request.uri.queryParameters
        if query["order"].map(String.init) != "asc" { listed.reverse() }
        if let after = query["after"].map(String.init), let position = listed.firstIndex(where: { $0["id"]?.stringValue == after }) {
            listed = Array(listed[(position + 1)...])
        }
        let limit = min(100, max(1, query["limit"].flatMap { Int(String($0)) } ?? 20))
        let page = Array(listed.prefix(limit))
        return .json(.object([
            "object": "list", "data": .array(page),
            "first_id": page.first?["id"] ?? .null, "last_id": page.last?["id"] ?? .null,
            "has_more": .bool(listed.count > limit),
        ]))
    }
}
