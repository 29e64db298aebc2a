import Testing
@testable import SwitchboardServer

@Suite("IP allow-lists")
struct IPAllowListTests {
    @Test func anEmptyListAllowsEveryAddress() throws {
        #expect(try IPAllowList([]).allows("203.0.113.9"))
        #expect(try IPAllowList([]).allows(nil))
    }

    @Test(arguments: [
        ("10.0.0.0/8", "10.200.3.4", true), ("10.0.0.0/8", "11.0.0.1", false),
        ("192.168.1.7", "192.168.1.7", true), ("192.168.1.7", "192.168.1.8", false),
        ("172.16.0.0/12", "172.31.255.255", true), ("172.16.0.0/12", "172.32.0.0", false),
        ("2001:db8::/32", "2001:db8:1::5", true), ("2001:db8::/32", "2001:db9::1", false),
        ("::1", "::1", true), ("127.0.0.0/8", "::ffff:127.0.0.1", true), ("0.0.0.0/0", "8.8.8.8", true),
    ])
    func rangesMatchTheirAddresses(_ range: String, _ peer: String, _ allowed: Bool) throws {
        #expect(try IPAllowList([range]).allows(peer) == allowed)
    }

    @Test(arguments: ["10.0.0.0/33", "300.1.1.1", "not-an-ip", "::1/129", "10.0.0.0/x"])
    func malformedEntriesAreRejected(_ entry: String) {
        #expect(throws: IPAllowListError.self) { try IPAllowList([entry]) }
    }

    @Test func anUnknownPeerIsRefusedWhenAListIsSet() throws {
        #expect(!(try IPAllowList(["10.0.0.0/8"]).allows(nil)))
    }
}
