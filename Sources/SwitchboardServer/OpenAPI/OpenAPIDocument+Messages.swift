extension OpenAPIDocument {
    /// `POST /v1/messages` and `POST /v1/messages/count_tokens`.
    static let messagesPaths = #"""
    {
      "paths": {
        "/v1/messages": {
          "post": {
            "operationId": "createMessage",
            "tags": ["anthropic"],
            "summary": "Anthropic Messages (SSE when `stream` is true).",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "parameters": [{"$ref": "#/components/parameters/AnthropicVersion"}, {"$ref": "#/components/parameters/AnthropicBeta"}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/AnthropicMessagesRequest"},
                "example": {"model": "mock-1", "max_tokens": 64, "messages": [{"role": "user", "content": "Hello"}]}
              }}
            },
            "responses": {
              "200": {
                "description": "A message, or its events as server-sent events when `stream` is true.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/AnthropicMessage"}},
                  "text/event-stream": {"schema": {"$ref": "#/components/schemas/ServerSentEvent"}}
                }
              }
            }
          }
        },
        "/v1/messages/count_tokens": {
          "post": {
            "operationId": "countMessageTokens",
            "tags": ["anthropic"],
            "summary": "Counts a Messages request's input tokens (exactly on Anthropic channels, estimated elsewhere).",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "parameters": [{"$ref": "#/components/parameters/AnthropicVersion"}, {"$ref": "#/components/parameters/AnthropicBeta"}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/AnthropicCountTokensRequest"},
                "example": {"model": "mock-1", "messages": [{"role": "user", "content": "Hello"}]}
              }}
            },
            "responses": {
              "200": {
                "description": "The count.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {
                  "type": "object",
                  "required": ["input_tokens"],
                  "properties": {"input_tokens": {"type": "integer", "minimum": 0}}
                }}}
              }
            }
          }
        }
      },
      "components": {
        "parameters": {
          "AnthropicVersion": {"name": "anthropic-version", "in": "header", "schema": {"type": "string", "examples": ["2023-06-01"]}},
          "AnthropicBeta": {"name": "anthropic-beta", "in": "header", "schema": {"type": "string"}}
        }
      }
    }
    """#

    /// The Messages request (Anthropic's `CreateMessageParams`) and response.
    static let messagesSchemas = #"""
    {
      "components": {
        "schemas": {
          "AnthropicMessagesRequest": {
            "allOf": [{"$ref": "#/components/schemas/AnthropicCountTokensRequest"}],
            "required": ["model", "max_tokens", "messages"],
            "properties": {
              "max_tokens": {"type": "integer", "minimum": 1},
              "stop_sequences": {"type": ["array", "null"], "items": {"type": "string"}},
              "temperature": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
              "top_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
              "top_k": {"type": ["integer", "null"], "minimum": 0},
              "stream": {"type": ["boolean", "null"]},
              "metadata": {"type": ["object", "null"], "properties": {"user_id": {"type": ["string", "null"]}}}
            }
          },
          "AnthropicCountTokensRequest": {
            "type": "object",
            "required": ["model", "messages"],
            "properties": {
              "model": {"type": "string", "minLength": 1, "examples": ["mock-1"]},
              "messages": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/AnthropicMessageParam"}},
              "system": {
                "oneOf": [
                  {"type": "string"},
                  {"type": "array", "items": {"$ref": "#/components/schemas/AnthropicTextBlock"}},
                  {"type": "null"}
                ]
              },
              "max_tokens": {"type": "integer", "minimum": 1},
              "tools": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/AnthropicTool"}},
              "tool_choice": {
                "oneOf": [
                  {
                    "type": "object",
                    "required": ["type"],
                    "properties": {"type": {"enum": ["auto", "any", "none"]}, "disable_parallel_tool_use": {"type": "boolean"}}
                  },
                  {
                    "type": "object",
                    "required": ["type", "name"],
                    "properties": {"type": {"const": "tool"}, "name": {"type": "string"}, "disable_parallel_tool_use": {"type": "boolean"}}
                  },
                  {"type": "null"}
                ]
              },
              "thinking": {
                "oneOf": [
                  {
                    "type": "object",
                    "required": ["type", "budget_tokens"],
                    "properties": {"type": {"const": "enabled"}, "budget_tokens": {"type": "integer", "minimum": 1}}
                  },
                  {"type": "object", "required": ["type"], "properties": {"type": {"enum": ["disabled", "adaptive"]}}},
                  {"type": "null"}
                ]
              }
            }
          },
          "AnthropicMessageParam": {
            "type": "object",
            "required": ["role", "content"],
            "properties": {
              "role": {"type": "string", "enum": ["user", "assistant"]},
              "content": {
                "oneOf": [
                  {"type": "string"},
                  {"type": "array", "items": {"$ref": "#/components/schemas/AnthropicContentBlock"}}
                ]
              }
            }
          },
          "AnthropicContentBlock": {
            "oneOf": [
              {"$ref": "#/components/schemas/AnthropicTextBlock"},
              {
                "type": "object",
                "required": ["type", "source"],
                "properties": {
                  "type": {"const": "image"},
                  "source": {
                    "oneOf": [
                      {
                        "type": "object",
                        "required": ["type", "media_type", "data"],
                        "properties": {
                          "type": {"const": "base64"},
                          "media_type": {"enum": ["image/jpeg", "image/png", "image/gif", "image/webp"]},
                          "data": {"type": "string"}
                        }
                      },
                      {
                        "type": "object",
                        "required": ["type", "url"],
                        "properties": {"type": {"const": "url"}, "url": {"type": "string"}}
                      }
                    ]
                  }
                }
              },
              {
                "type": "object",
                "required": ["type", "id", "name", "input"],
                "properties": {
                  "type": {"const": "tool_use"},
                  "id": {"type": "string"},
                  "name": {"type": "string"},
                  "input": {"type": "object"}
                }
              },
              {
                "type": "object",
                "required": ["type", "tool_use_id"],
                "properties": {
                  "type": {"const": "tool_result"},
                  "tool_use_id": {"type": "string"},
                  "content": {
                    "oneOf": [
                      {"type": "string"},
                      {"type": "array", "items": {"$ref": "#/components/schemas/AnthropicTextBlock"}}
                    ]
                  },
                  "is_error": {"type": "boolean"}
                }
              },
              {
                "type": "object",
                "required": ["type", "thinking", "signature"],
                "properties": {"type": {"const": "thinking"}, "thinking": {"type": "string"}, "signature": {"type": "string"}}
              },
              {
                "type": "object",
                "required": ["type", "data"],
                "properties": {"type": {"const": "redacted_thinking"}, "data": {"type": "string"}}
              }
            ]
          },
          "AnthropicTextBlock": {
            "type": "object",
            "required": ["type", "text"],
            "properties": {"type": {"const": "text"}, "text": {"type": "string"}}
          },
          "AnthropicTool": {
            "type": "object",
            "required": ["name", "input_schema"],
            "properties": {
              "type": {"const": "custom"},
              "name": {"type": "string", "pattern": "^[a-zA-Z0-9_-]{1,64}$"},
              "description": {"type": "string"},
              "input_schema": {"$ref": "#/components/schemas/JSONSchemaObject"}
            }
          },
          "AnthropicMessage": {
            "type": "object",
            "required": ["id", "type", "role", "content", "model", "stop_reason", "usage"],
            "properties": {
              "id": {"type": "string"},
              "type": {"const": "message"},
              "role": {"const": "assistant"},
              "content": {"type": "array", "items": {"type": "object", "required": ["type"]}},
              "model": {"type": "string"},
              "stop_reason": {"type": ["string", "null"]},
              "stop_sequence": {"type": ["string", "null"]},
              "usage": {
                "type": "object",
                "required": ["input_tokens", "output_tokens"],
                "properties": {"input_tokens": {"type": "integer"}, "output_tokens": {"type": "integer"}}
              }
            }
          }
        }
      }
    }
    """#
}
