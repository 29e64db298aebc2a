import Logging

extension Gateway {
    /// Logs a request body only when the operator turned `log_bodies` on: prompts stay out of logs by default.
    func logBody(_ body: [UInt8], context: SwitchboardRequestContext) {
        guard configuration.logBodies else { return }
        context.logger.info("Request body", metadata: [
            "request_id": "\(context.requestID)", "body": "\(String(decoding: body, as: UTF8.self))",
        ])
    }
}
