import Testing
import SwitchboardProviders
@testable import SwitchboardServer

@Suite("Model router")
struct ModelRouterTests {
    static func channel(_ name: String, models: [String], map: [String: String] = [:], priority: Int = 0, weight: Int = 1) throws -> Channel {
        try Channel.make(ChannelConfiguration(name: name, provider: .mock, models: models, modelMap: map, priority: priority, weight: weight))
    }

    @Test func aliasesAndNamesAreServedAcrossChannels() throws {
        let router = ModelRouter(channels: [
            try Self.channel("a", models: ["m1"], map: ["fast": "m1-nano"]), try Self.channel("b", models: ["m2", "m1"]),
        ])
        #expect(router.modelNames == ["fast", "m1", "m2"])
        #expect(router.candidates(for: "fast").map(\.upstreamModel) == ["m1-nano"])
        #expect(Set(router.candidates(for: "m1").map(\.channel.name)) == ["a", "b"])
        #expect(router.candidates(for: "nope").isEmpty)
    }

    @Test func lowerPriorityComesFirst() throws {
        let router = ModelRouter(channels: [
            try Self.channel("backup", models: ["m"], priority: 5), try Self.channel("main", models: ["m"], priority: 0),
        ])
        for _ in 0..<20 {
            #expect(router.candidates(for: "m").map(\.channel.name) == ["main", "backup"])
        }
    }

    @Test func weightsShareTrafficWithinAPriority() throws {
        let router = ModelRouter(channels: [
            try Self.channel("heavy", models: ["m"], weight: 9), try Self.channel("light", models: ["m"], weight: 1),
            try Self.channel("off", models: ["m"], weight: 0),
        ])
        var firsts: [String: Int] = [:]
        for _ in 0..<2000 {
            let order = router.candidates(for: "m").map(\.channel.name)
            #expect(order.last == "off")
            firsts[order[0], default: 0] += 1
        }
        let heavyShare = Double(firsts["heavy", default: 0]) / 2000
        #expect(heavyShare > 0.84 && heavyShare < 0.96, "heavy went first \(heavyShare) of the time, expected about 0.9")
    }
}
