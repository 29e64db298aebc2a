public import SwitchboardCore

/// A backend that produces generations in the canonical model directly (the built-in mock, and
/// upstream adapters that translate), as opposed to a wire upstream relayed byte for byte.
public protocol GenerationProvider: Sendable {
    func generate(_ request: GenerationRequest) async throws(GatewayError) -> GenerationResponse
    func stream(_ request: GenerationRequest) -> AsyncThrowingStream<StreamEvent, any Error>
}
