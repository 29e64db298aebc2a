import Hummingbird
import ServiceLifecycle

/// Wires the client endpoints for images and audio (`/v1/images/generations`, `/v1/images/edits`, `/v1/audio/transcriptions`, `/v1/audio/translations`, `/v1/audio/speech`) into the authenticated `/v1` group, and returns the
/// background services they need (started and stopped with the gateway): none, every request is
/// served while it lasts.
enum MediaRoutes {
    static func add(to group: RouterGroup<SwitchboardRequestContext>, gateway: Gateway) async throws -> [any Service] {
        ImagesController(gateway: gateway).addRoutes(to: group)
        TranscriptionController(gateway: gateway).addRoutes(to: group)
        SpeechController(gateway: gateway).addRoutes(to: group)
        return []
    }
}
