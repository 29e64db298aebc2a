public import Hummingbird
import HummingbirdCore
public import Logging
import SwitchboardCore
import SwitchboardProviders
import SwitchboardStore

/// Builds the gateway application: opens the store, readies the channels, loads keys, and wires
/// the routes. `switchboard serve` and the tests both start the gateway through this.
public func buildApplication(
    configuration: GatewayConfiguration, logger: Logger = Logger(label: "switchboard"),
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async throws -> (application: some ApplicationProtocol, gateway: Gateway) {
    let store = try await SQLStore.open(try DatabaseLocation(url: configuration.databaseURL), logger: logger)
    let channels: [Channel]
    do {
        channels = try configuration.channels.map { channel throws(GatewayError) in try Channel.make(channel) }
    } catch {
        await store.close()
        throw error
    }
    let gateway: Gateway
    do {
        let adminKey = try await AdminKey.resolve(configured: configuration.adminKey, store: store)
        gateway = Gateway(
            configuration: configuration, channels: channels, store: store, adminKey: adminKey,
            sealer: SecretSealer.fromEnvironment(), logger: logger)
        try await gateway.keys.refresh()
        try await gateway.channels.refresh(force: true)
        try await gateway.budgets.load(keys: try await store.listKeys() + gateway.keys.configKeys)
    } catch {
        for channel in channels { await channel.shutdown() }
        await store.close()
        throw error
    }

    let router = Router(context: SwitchboardRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.get("health") { _, _ in Response.json(.object(["status": "ok"])) }
    router.get("openapi.json") { _, _ in OpenAPIDocument.response() }
    let inFlight = InFlightLimitMiddleware(limit: configuration.maxInFlight, counter: gateway.inFlight)
    let api = router.group("v1").add(middleware: inFlight).add(middleware: AuthMiddleware(keys: gateway.keys))
    ChatCompletionsController(gateway: gateway).addRoutes(to: api)
    ModelsController(gateway: gateway).addRoutes(to: api)
    ResponsesController(gateway: gateway).addRoutes(to: api)
    MessagesController(gateway: gateway).addRoutes(to: api)
    let endpointServices = try await EmbeddingsRoutes.add(to: api, gateway: gateway)
        + MediaRoutes.add(to: api, gateway: gateway)
        + TaskRoutes.add(to: api, gateway: gateway)
    let gemini = router.group("v1beta").add(middleware: inFlight).add(middleware: AuthMiddleware(keys: gateway.keys, acceptsGoogleKeys: true))
    GeminiController(gateway: gateway).addRoutes(to: gemini)
    router.group().add(middleware: AdminAuthMiddleware(adminKeyHash: gateway.adminKeyHash))
        .get("metrics") { _, _ in gateway.metricsResponse() }
    let admin = router.group("admin/v1").add(middleware: AdminAuthMiddleware(adminKeyHash: gateway.adminKeyHash))
    AdminKeysController(gateway: gateway).addRoutes(to: admin)
    AdminChannelsController(gateway: gateway).addRoutes(to: admin)
    AdminUsageController(store: gateway.store).addRoutes(to: admin)

    let responder = router.buildResponder()
    let http1 = HTTP1Channel.Configuration(
        idleTimeout: .milliseconds(Int64(configuration.idleTimeout * 1000)))
    let application = Application(
        responder: responder,
        // Requests are served by the gateway's own connection handler, which calls the router's
        // responder directly (Hummingbird's per-request glue is not used).
        server: HTTPServerBuilder { _ in GatewayHTTP1Channel(
                responder: responder, relayGateway: configuration.eventLoopRelay ? gateway : nil, configuration: http1, logger: logger) },
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        services: [gateway.keys, gateway.channels, gateway.recorder, gateway.budgets, gateway.prober] + endpointServices,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
    return (application, gateway)
}
