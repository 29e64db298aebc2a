import Testing
import SwitchboardCore

@Suite("Random identifiers")
struct RandomIdentifierTests {
    private static func isLowercaseHex(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    @Test func idsArePrefixedHexOfTheAskedLengthAndDistinct() {
        let ids = (0..<5_000).map { _ in RandomIdentifier.make("chatcmpl-") }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            #expect(id.hasPrefix("chatcmpl-"))
            #expect(id.count == "chatcmpl-".count + 24)
            #expect(Self.isLowercaseHex(id.dropFirst("chatcmpl-".count)))
        }
        #expect(RandomIdentifier.make("k", length: 40).count == 41)
    }

    @Test func timeOrderedIdsStartWithTheTimeAndSortByIt() {
        let earlier = RandomIdentifier.makeTimeOrdered("req_", milliseconds: 1_795_000_000_000)
        let later = RandomIdentifier.makeTimeOrdered("req_", milliseconds: 1_795_000_000_001)
        #expect(earlier.hasPrefix("req_" + String(1_795_000_000_000, radix: 16).leftPadded(to: 12)))
        #expect(earlier.count == "req_".count + 24)
        #expect(Self.isLowercaseHex(earlier.dropFirst(4)))
        #expect(earlier < later)
    }

    @Test func timeOrderedIdsOfOneMillisecondDifferInTheirRandomPart() {
        let ids = (0..<5_000).map { _ in RandomIdentifier.makeTimeOrdered("req_", milliseconds: 42) }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.hasPrefix("req_00000000002a") })
    }

    @Test func theClockIsWallClockMilliseconds() {
        // 2024-01-01 < now < 2100-01-01.
        #expect((1_704_067_200_000..<4_102_444_800_000).contains(RandomIdentifier.currentMilliseconds()))
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
