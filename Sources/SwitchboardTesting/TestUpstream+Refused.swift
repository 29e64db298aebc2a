#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension TestUpstream {
    /// A loopback port where every connection is refused: a TCP socket is bound to it but never
    /// listens, so the port stays reserved for the life of the process (no other test or program
    /// can start listening there) while a connect gets a reset at once. 0 if no socket could be bound.
    public static let refusedPort: Int = RefusedPort.reserve()
    /// The base URL of an OpenAI, OpenAI-compatible or Anthropic channel whose connections are refused.
    public static var refusedBaseURL: String { "http://127.0.0.1:\(refusedPort)/v1" }
    /// The base URL of a Gemini channel whose connections are refused.
    public static var refusedGeminiBaseURL: String { "http://127.0.0.1:\(refusedPort)/v1beta" }
}

private enum RefusedPort {
    static func reserve() -> Int {
        #if canImport(Darwin)
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #else
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard descriptor >= 0 else { return 0 }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            return 0
        }
        // Deliberately never closed and never listening.
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
