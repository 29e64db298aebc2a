extension OpenAPIDocument {
    /// The document's header: version, title, tags.
    static let header = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Switchboard",
        "version": "1",
        "summary": "A self-hosted LLM API gateway: OpenAI, Anthropic and Gemini clients, any upstream.",
        "description": "Every client endpoint of the gateway. Errors use the envelope of the endpoint's own API: OpenAI's `{\"error\":{\"message\",\"type\",\"param\",\"code\"}}` on /v1 (except /v1/messages), Anthropic's `{\"type\":\"error\",\"error\":{\"type\",\"message\"}}` on /v1/messages, Google's `{\"error\":{\"code\",\"message\",\"status\"}}` on /v1beta. Every response carries `x-request-id`. The built-in mock channel serves the model `mock-1`. OpenAI shapes follow openai/openai-openapi (MIT, Copyright (c) OpenAI).",
        "license": {"name": "MIT", "identifier": "MIT"}
      },
      "tags": [
        {"name": "openai", "description": "OpenAI Chat Completions, Responses and models"},
        {"name": "anthropic", "description": "Anthropic Messages"},
        {"name": "gemini", "description": "Gemini generateContent and models"},
        {"name": "gateway", "description": "Health and this document"}
      ],
      "paths": {}
    }
    """#

    /// Security schemes, error envelopes, and the responses and headers every operation shares.
    static let components = #"""
    {
      "components": {
        "securitySchemes": {
          "bearerAuth": {"type": "http", "scheme": "bearer", "description": "A client key (`sk-...`) as `Authorization: Bearer`."},
          "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "x-api-key", "description": "A client key in `x-api-key` (Anthropic's header)."},
          "googleApiKey": {"type": "apiKey", "in": "header", "name": "x-goog-api-key", "description": "A client key in `x-goog-api-key` (Gemini routes only)."},
          "googleApiKeyQuery": {"type": "apiKey", "in": "query", "name": "key", "description": "A client key in `?key=` (Gemini routes only)."}
        },
        "headers": {
          "RequestID": {"description": "The gateway's id of this request.", "schema": {"type": "string", "minLength": 1}},
          "RetryAfter": {"description": "Seconds to wait before retrying (on 429).", "schema": {"type": "string"}}
        },
        "schemas": {
          "OpenAIErrorEnvelope": {
            "type": "object",
            "required": ["error"],
            "properties": {
              "error": {
                "type": "object",
                "required": ["message", "type", "param", "code"],
                "properties": {
                  "message": {"type": "string", "minLength": 1},
                  "type": {"type": "string", "examples": ["invalid_request_error", "authentication_error", "permission_error", "rate_limit_error", "upstream_error"]},
                  "param": {"type": ["string", "null"]},
                  "code": {"type": ["string", "null"], "examples": ["invalid_request", "invalid_api_key", "model_not_found", "request_too_large", "upstream_timeout"]}
                }
              }
            }
          },
          "AnthropicErrorEnvelope": {
            "type": "object",
            "required": ["type", "error"],
            "properties": {
              "type": {"const": "error"},
              "error": {
                "type": "object",
                "required": ["type", "message"],
                "properties": {
                  "type": {"type": "string", "enum": ["invalid_request_error", "authentication_error", "billing_error", "permission_error", "not_found_error", "request_too_large", "rate_limit_error", "api_error", "overloaded_error", "timeout_error"]},
                  "message": {"type": "string", "minLength": 1}
                }
              }
            }
          },
          "GeminiErrorEnvelope": {
            "type": "object",
            "required": ["error"],
            "properties": {
              "error": {
                "type": "object",
                "required": ["code", "message", "status"],
                "properties": {
                  "code": {"type": "integer", "minimum": 400, "maximum": 599},
                  "message": {"type": "string", "minLength": 1},
                  "status": {"type": "string", "examples": ["INVALID_ARGUMENT", "UNAUTHENTICATED", "PERMISSION_DENIED", "NOT_FOUND", "RESOURCE_EXHAUSTED"]},
                  "details": {"type": "array"}
                }
              }
            }
          },
          "ServerSentEvent": {
            "type": "object",
            "description": "One event of a stream; `data` holds the API's JSON event (or OpenAI's `[DONE]`).",
            "required": ["data"],
            "properties": {"event": {"type": "string"}, "data": {"type": "string"}, "id": {"type": "string"}}
          },
          "Metadata": {
            "type": ["object", "null"],
            "description": "Up to 16 string pairs, passed through.",
            "additionalProperties": {"type": "string"}
          }
        },
        "responses": {
          "OpenAIError": {
            "description": "An error in OpenAI's envelope.",
            "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}, "retry-after": {"$ref": "#/components/headers/RetryAfter"}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OpenAIErrorEnvelope"}}}
          },
          "AnthropicError": {
            "description": "An error in Anthropic's envelope.",
            "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}, "retry-after": {"$ref": "#/components/headers/RetryAfter"}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AnthropicErrorEnvelope"}}}
          },
          "GeminiError": {
            "description": "An error in Google's envelope.",
            "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}, "retry-after": {"$ref": "#/components/headers/RetryAfter"}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GeminiErrorEnvelope"}}}
          }
        }
      }
    }
    """#
}
