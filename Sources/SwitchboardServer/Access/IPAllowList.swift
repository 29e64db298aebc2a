#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The client addresses a key may be used from: CIDR ranges (`10.0.0.0/8`, `2001:db8::/32`) or
/// single addresses. An empty list allows every address. IPv4-mapped IPv6 peers
/// (`::ffff:10.1.2.3`) match IPv4 ranges.
public struct IPAllowList: Sendable, Equatable {
    struct Range: Sendable, Equatable {
        let bytes: [UInt8]
        let prefixLength: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefixLength
            for index in 0..<bytes.count where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if address[index] & mask != bytes[index] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    let ranges: [Range]

    public var allowsEveryAddress: Bool { ranges.isEmpty }

    /// Parses the ranges; throws the first entry that is not an address or a CIDR range.
    public init(_ entries: [String]) throws(IPAllowListError) {
        var ranges: [Range] = []
        for entry in entries {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let address = parts.first.flatMap(Self.parseAddress) else { throw IPAllowListError(entry: entry) }
            let maximum = address.count * 8
            var prefix = maximum
            if parts.count == 2 {
                guard let length = Int(parts[1]), (0...maximum).contains(length) else { throw IPAllowListError(entry: entry) }
                prefix = length
            }
            ranges.append(Range(bytes: address, prefixLength: prefix))
        }
        self.ranges = ranges
    }

    /// Whether a peer address (as text, `1.2.3.4` or `::1`) is allowed.
    public func allows(_ peer: String?) -> Bool {
        if ranges.isEmpty { return true }
        guard let peer, var address = Self.parseAddress(peer) else { return false }
        if address.count == 16, address[0..<10].allSatisfy({ $0 == 0 }), address[10] == 0xFF, address[11] == 0xFF {
            let mapped = Array(address[12..<16])
            if ranges.contains(where: { $0.contains(mapped) }) { return true }
            address = Array(address)
        }
        return ranges.contains { $0.contains(address) }
    }

    static func parseAddress(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}

/// An allow-list entry that is neither an IP address nor a CIDR range.
public struct IPAllowListError: Error, Sendable {
    public let entry: String
}
