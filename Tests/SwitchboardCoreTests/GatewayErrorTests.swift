import Testing
import SwitchboardCore

@Suite("Gateway errors")
struct GatewayErrorTests {
    @Test(arguments: [
        (GatewayError.Kind.authentication, 401, "authentication_error", "invalid_api_key"),
        (.permission, 403, "permission_error", "model_not_allowed"),
        (.modelNotFound, 404, "invalid_request_error", "model_not_found"),
        (.invalidRequest, 400, "invalid_request_error", "invalid_request"),
        (.requestTooLarge, 413, "invalid_request_error", "request_too_large"),
        (.rateLimited, 429, "rate_limit_error", "rate_limit_exceeded"),
        (.insufficientQuota, 429, "insufficient_quota", "insufficient_quota"),
        (.upstreamUnavailable, 502, "upstream_error", "upstream_error"),
        (.upstreamTimeout, 504, "upstream_error", "upstream_timeout"),
    ])
    func kindsMapToTheDesignedStatusTypeAndCode(_ kind: GatewayError.Kind, _ status: Int, _ type: String, _ code: String) {
        let error = GatewayError(kind, "message")
        #expect(error.status == status)
        #expect(error.type == type)
        #expect(error.code == code)
    }

    @Test func upstreamStatusesAndCodesOverrideTheDefaults() {
        let error = GatewayError(.upstreamStatus, "slow down", status: 429, code: "rate_limit_exceeded", type: "requests")
        #expect(error.status == 429)
        #expect(error.code == "rate_limit_exceeded")
        #expect(error.type == "requests")
    }

    @Test func tokenEstimateIsDeterministic() {
        #expect(TokenEstimator.estimate("") == 0)
        #expect(TokenEstimator.estimate("abcd") == 1)
        #expect(TokenEstimator.estimate("abcde") == 2)
        let request = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("hello world!")])])
        #expect(TokenEstimator.estimate(request) == 3 + 3)
    }
}
