import HTTPTypes
import NIOHTTP1

/// A request's header fields, as HTTPTypes has them (the router's requests) or as NIO decoded
/// them (the event-loop relay's, never converted): what authentication and session affinity read.
protocol RequestHeaderFields {
    /// The value of the first field named `name`, or nil.
    func firstValue(_ name: HTTPField.Name) -> String?
}

extension HTTPFields: RequestHeaderFields {
    /// The value of the first field named `name`, or nil.
    ///
    /// HTTPTypes' `headers[name]` joins every field of that name with commas, through an
    /// unspecialised lazy map: about 3,400 instructions each time a field is there, three times
    /// per relayed request (`Authorization`, `Content-Length`...). The headers a request is served
    /// by are single-valued, so the first is the value.
    func firstValue(_ name: HTTPField.Name) -> String? {
        for field in self where field.name == name {
            return field.value
        }
        return nil
    }
}

extension HTTPHeaders: RequestHeaderFields {
    func firstValue(_ name: HTTPField.Name) -> String? {
        first(name: name.canonicalName)
    }
}
