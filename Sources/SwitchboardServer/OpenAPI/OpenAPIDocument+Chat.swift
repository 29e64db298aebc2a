extension OpenAPIDocument {
    /// `POST /v1/chat/completions`.
    static let chatPaths = #"""
    {
      "paths": {
        "/v1/chat/completions": {
          "post": {
            "operationId": "createChatCompletion",
            "tags": ["openai"],
            "summary": "OpenAI Chat Completions (SSE when `stream` is true).",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ChatCompletionRequest"},
                "example": {"model": "mock-1", "messages": [{"role": "user", "content": "Hello"}]}
              }}
            },
            "responses": {
              "200": {
                "description": "A chat completion, or its chunks as server-sent events when `stream` is true.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/ChatCompletion"}},
                  "text/event-stream": {"schema": {"$ref": "#/components/schemas/ServerSentEvent"}}
                }
              }
            }
          }
        }
      }
    }
    """#

    /// The Chat Completions request and response, after OpenAI's `CreateChatCompletionRequest`.
    static let chatSchemas = #"""
    {
      "components": {
        "schemas": {
          "ChatCompletionRequest": {
            "type": "object",
            "required": ["model", "messages"],
            "properties": {
              "model": {"type": "string", "minLength": 1, "examples": ["mock-1"]},
              "messages": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/ChatMessage"}},
              "stream": {"type": ["boolean", "null"]},
              "stream_options": {
                "type": ["object", "null"],
                "properties": {"include_usage": {"type": "boolean"}, "include_obfuscation": {"type": "boolean"}}
              },
              "max_tokens": {"type": ["integer", "null"], "minimum": 1},
              "max_completion_tokens": {"type": ["integer", "null"], "minimum": 1},
              "n": {"type": ["integer", "null"], "minimum": 1, "maximum": 128},
              "seed": {"type": ["integer", "null"]},
              "top_logprobs": {"type": ["integer", "null"], "minimum": 0, "maximum": 20},
              "logprobs": {"type": ["boolean", "null"]},
              "temperature": {"type": ["number", "null"], "minimum": 0, "maximum": 2},
              "top_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
              "presence_penalty": {"type": ["number", "null"], "minimum": -2, "maximum": 2},
              "frequency_penalty": {"type": ["number", "null"], "minimum": -2, "maximum": 2},
              "tools": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/ChatTool"}},
              "tool_choice": {
                "oneOf": [
                  {"type": "string", "enum": ["none", "auto", "required"]},
                  {
                    "type": "object",
                    "required": ["type", "function"],
                    "properties": {
                      "type": {"const": "function"},
                      "function": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
                    }
                  },
                  {"type": "null"}
                ]
              },
              "parallel_tool_calls": {"type": ["boolean", "null"]},
              "response_format": {
                "oneOf": [
                  {"type": "object", "required": ["type"], "properties": {"type": {"enum": ["text", "json_object"]}}},
                  {
                    "type": "object",
                    "required": ["type", "json_schema"],
                    "properties": {
                      "type": {"const": "json_schema"},
                      "json_schema": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {"name": {"type": "string"}, "schema": {"type": "object"}, "strict": {"type": ["boolean", "null"]}}
                      }
                    }
                  },
                  {"type": "null"}
                ]
              },
              "stop": {
                "oneOf": [
                  {"type": "string"},
                  {"type": "array", "minItems": 1, "maxItems": 4, "items": {"type": "string"}},
                  {"type": "null"}
                ]
              },
              "user": {"type": ["string", "null"]},
              "metadata": {"$ref": "#/components/schemas/Metadata"},
              "reasoning_effort": {"type": ["string", "null"], "enum": ["none", "minimal", "low", "medium", "high", "xhigh", "max", null]},
              "prompt_cache_key": {"type": ["string", "null"]},
              "service_tier": {"type": ["string", "null"], "enum": ["auto", "default", "flex", "scale", "priority", "fast", null]}
            }
          },
          "ChatMessage": {
            "oneOf": [
              {"$ref": "#/components/schemas/ChatSystemMessage"},
              {"$ref": "#/components/schemas/ChatUserMessage"},
              {"$ref": "#/components/schemas/ChatAssistantMessage"},
              {"$ref": "#/components/schemas/ChatToolMessage"}
            ]
          },
          "ChatSystemMessage": {
            "type": "object",
            "required": ["role", "content"],
            "properties": {
              "role": {"type": "string", "enum": ["system", "developer"]},
              "content": {
                "oneOf": [
                  {"type": "string"},
                  {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/ChatTextPart"}}
                ]
              },
              "name": {"type": "string"}
            }
          },
          "ChatUserMessage": {
            "type": "object",
            "required": ["role", "content"],
            "properties": {
              "role": {"const": "user"},
              "content": {
                "oneOf": [
                  {"type": "string"},
                  {
                    "type": "array",
                    "minItems": 1,
                    "items": {"oneOf": [{"$ref": "#/components/schemas/ChatTextPart"}, {"$ref": "#/components/schemas/ChatImagePart"}]}
                  }
                ]
              },
              "name": {"type": "string"}
            }
          },
          "ChatAssistantMessage": {
            "type": "object",
            "required": ["role"],
            "properties": {
              "role": {"const": "assistant"},
              "content": {
                "oneOf": [
                  {"type": "string"},
                  {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/ChatTextPart"}},
                  {"type": "null"}
                ]
              },
              "refusal": {"type": ["string", "null"]},
              "name": {"type": "string"},
              "tool_calls": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/ChatToolCall"}}
            }
          },
          "ChatToolMessage": {
            "type": "object",
            "required": ["role", "content", "tool_call_id"],
            "properties": {
              "role": {"const": "tool"},
              "content": {
                "oneOf": [
                  {"type": "string"},
                  {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/ChatTextPart"}}
                ]
              },
              "tool_call_id": {"type": "string"}
            }
          },
          "ChatTextPart": {
            "type": "object",
            "required": ["type", "text"],
            "properties": {"type": {"const": "text"}, "text": {"type": "string"}}
          },
          "ChatImagePart": {
            "type": "object",
            "required": ["type", "image_url"],
            "properties": {
              "type": {"const": "image_url"},
              "image_url": {
                "type": "object",
                "required": ["url"],
                "properties": {"url": {"type": "string"}, "detail": {"enum": ["auto", "low", "high"]}}
              }
            }
          },
          "ChatToolCall": {
            "type": "object",
            "required": ["id", "type", "function"],
            "properties": {
              "id": {"type": "string"},
              "type": {"const": "function"},
              "function": {
                "type": "object",
                "required": ["name", "arguments"],
                "properties": {"name": {"type": "string"}, "arguments": {"type": "string"}}
              }
            }
          },
          "ChatTool": {
            "type": "object",
            "required": ["type", "function"],
            "properties": {
              "type": {"const": "function"},
              "function": {
                "type": "object",
                "required": ["name"],
                "properties": {
                  "name": {"type": "string", "pattern": "^[a-zA-Z0-9_-]{1,64}$"},
                  "description": {"type": "string"},
                  "parameters": {"$ref": "#/components/schemas/JSONSchemaObject"},
                  "strict": {"type": ["boolean", "null"]}
                }
              }
            }
          },
          "JSONSchemaObject": {
            "type": "object",
            "description": "A JSON Schema object (tool parameters, structured output).",
            "properties": {
              "type": {"const": "object"},
              "properties": {"type": "object", "additionalProperties": {"type": "object"}},
              "required": {"type": "array", "items": {"type": "string"}}
            }
          },
          "ChatCompletion": {
            "type": "object",
            "required": ["id", "object", "created", "model", "choices"],
            "properties": {
              "id": {"type": "string"},
              "object": {"const": "chat.completion"},
              "created": {"type": "integer"},
              "model": {"type": "string"},
              "choices": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["index", "message", "finish_reason"],
                  "properties": {
                    "index": {"type": "integer"},
                    "message": {
                      "type": "object",
                      "required": ["role"],
                      "properties": {"role": {"const": "assistant"}, "content": {"type": ["string", "null"]}}
                    },
                    "finish_reason": {"type": ["string", "null"]}
                  }
                }
              },
              "usage": {
                "type": "object",
                "properties": {
                  "prompt_tokens": {"type": "integer"},
                  "completion_tokens": {"type": "integer"},
                  "total_tokens": {"type": "integer"}
                }
              }
            }
          }
        }
      }
    }
    """#
}
