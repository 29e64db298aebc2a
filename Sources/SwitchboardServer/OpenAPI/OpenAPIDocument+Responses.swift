extension OpenAPIDocument {
    /// `POST /v1/responses`, `GET`/`DELETE /v1/responses/{response_id}`, `GET .../input_items`.
    static let responsesPaths = #"""
    {
      "paths": {
        "/v1/responses": {
          "post": {
            "operationId": "createResponse",
            "tags": ["openai"],
            "summary": "OpenAI Responses (SSE when `stream` is true); stored unless `store` is false.",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ResponsesRequest"},
                "example": {"model": "mock-1", "input": "Hello"}
              }}
            },
            "responses": {
              "200": {
                "description": "A response object, or its events as server-sent events when `stream` is true.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/ResponseObject"}},
                  "text/event-stream": {"schema": {"$ref": "#/components/schemas/ServerSentEvent"}}
                }
              }
            }
          }
        },
        "/v1/responses/{response_id}": {
          "parameters": [{"$ref": "#/components/parameters/ResponseID"}],
          "get": {
            "operationId": "getResponse",
            "tags": ["openai"],
            "summary": "A stored response of the calling key.",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "responses": {
              "200": {
                "description": "The stored response.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ResponseObject"}}}
              }
            }
          },
          "delete": {
            "operationId": "deleteResponse",
            "tags": ["openai"],
            "summary": "Deletes a stored response of the calling key.",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "responses": {
              "200": {
                "description": "Deleted.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {
                  "type": "object",
                  "required": ["id", "object", "deleted"],
                  "properties": {"id": {"type": "string"}, "object": {"const": "response.deleted"}, "deleted": {"const": true}}
                }}}
              }
            }
          }
        },
        "/v1/responses/{response_id}/input_items": {
          "parameters": [{"$ref": "#/components/parameters/ResponseID"}],
          "get": {
            "operationId": "listInputItems",
            "tags": ["openai"],
            "summary": "The items a stored response was generated from (its chain's, then its own), newest first.",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "parameters": [
              {"name": "order", "in": "query", "schema": {"enum": ["asc", "desc"]}},
              {"name": "after", "in": "query", "schema": {"type": "string"}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}}
            ],
            "responses": {
              "200": {
                "description": "A page of input items.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {
                  "type": "object",
                  "required": ["object", "data", "first_id", "last_id", "has_more"],
                  "properties": {
                    "object": {"const": "list"},
                    "data": {"type": "array", "items": {"type": "object"}},
                    "first_id": {"type": ["string", "null"]},
                    "last_id": {"type": ["string", "null"]},
                    "has_more": {"type": "boolean"}
                  }
                }}}
              }
            }
          }
        }
      },
      "components": {
        "parameters": {
          "ResponseID": {"name": "response_id", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}}
        }
      }
    }
    """#

    /// The Responses request and response, after OpenAI's `CreateResponse`.
    static let responsesSchemas = #"""
    {
      "components": {
        "schemas": {
          "ResponsesRequest": {
            "type": "object",
            "required": ["model"],
            "properties": {
              "model": {"type": "string", "minLength": 1, "examples": ["mock-1"]},
              "input": {
                "oneOf": [
                  {"type": "string"},
                  {"type": "array", "items": {"$ref": "#/components/schemas/ResponsesInputItem"}},
                  {"type": "null"}
                ]
              },
              "instructions": {"type": ["string", "null"]},
              "previous_response_id": {"type": ["string", "null"]},
              "store": {"type": ["boolean", "null"]},
              "stream": {"type": ["boolean", "null"]},
              "background": {"enum": [false, null], "description": "Background responses are not supported."},
              "parallel_tool_calls": {"type": ["boolean", "null"]},
              "include": {"type": ["array", "null"], "items": {"type": "string"}},
              "tools": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/ResponsesTool"}},
              "tool_choice": {
                "oneOf": [
                  {"type": "string", "enum": ["none", "auto", "required"]},
                  {
                    "type": "object",
                    "required": ["type", "name"],
                    "properties": {"type": {"const": "function"}, "name": {"type": "string"}}
                  },
                  {"type": "null"}
                ]
              },
              "text": {
                "type": ["object", "null"],
                "properties": {
                  "format": {
                    "oneOf": [
                      {"type": "object", "required": ["type"], "properties": {"type": {"enum": ["text", "json_object"]}}},
                      {
                        "type": "object",
                        "required": ["type", "name", "schema"],
                        "properties": {
                          "type": {"const": "json_schema"},
                          "name": {"type": "string"},
                          "schema": {"$ref": "#/components/schemas/JSONSchemaObject"},
                          "strict": {"type": ["boolean", "null"]}
                        }
                      }
                    ]
                  },
                  "verbosity": {"enum": ["low", "medium", "high", null]}
                }
              },
              "reasoning": {
                "type": ["object", "null"],
                "properties": {
                  "effort": {"enum": ["none", "minimal", "low", "medium", "high", "xhigh", "max", null]},
                  "summary": {"enum": ["auto", "concise", "detailed", null]}
                }
              },
              "metadata": {"$ref": "#/components/schemas/Metadata"},
              "user": {"type": ["string", "null"]},
              "temperature": {"type": ["number", "null"], "minimum": 0, "maximum": 2},
              "top_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
              "max_output_tokens": {"type": ["integer", "null"], "minimum": 1},
              "prompt_cache_key": {"type": ["string", "null"]}
            }
          },
          "ResponsesInputItem": {
            "oneOf": [
              {"$ref": "#/components/schemas/ResponsesInputMessage"},
              {
                "type": "object",
                "required": ["type", "call_id", "name", "arguments"],
                "properties": {
                  "type": {"const": "function_call"},
                  "call_id": {"type": "string"},
                  "name": {"type": "string"},
                  "arguments": {"type": "string"}
                }
              },
              {
                "type": "object",
                "required": ["type", "call_id", "output"],
                "properties": {
                  "type": {"const": "function_call_output"},
                  "call_id": {"type": "string"},
                  "output": {"type": "string"}
                }
              }
            ]
          },
          "ResponsesInputMessage": {
            "type": "object",
            "required": ["role", "content"],
            "properties": {
              "type": {"const": "message"},
              "role": {"type": "string", "enum": ["user", "assistant", "system", "developer"]},
              "content": {
                "oneOf": [
                  {"type": "string"},
                  {
                    "type": "array",
                    "items": {
                      "oneOf": [
                        {
                          "type": "object",
                          "required": ["type", "text"],
                          "properties": {"type": {"enum": ["input_text", "output_text"]}, "text": {"type": "string"}}
                        },
                        {
                          "type": "object",
                          "required": ["type", "image_url"],
                          "properties": {"type": {"const": "input_image"}, "image_url": {"type": "string"}, "detail": {"enum": ["auto", "low", "high"]}}
                        }
                      ]
                    }
                  }
                ]
              }
            }
          },
          "ResponsesTool": {
            "oneOf": [
              {
                "type": "object",
                "required": ["type", "name"],
                "properties": {
                  "type": {"const": "function"},
                  "name": {"type": "string", "pattern": "^[a-zA-Z0-9_-]{1,64}$"},
                  "description": {"type": ["string", "null"]},
                  "parameters": {"oneOf": [{"$ref": "#/components/schemas/JSONSchemaObject"}, {"type": "null"}]},
                  "strict": {"type": ["boolean", "null"]}
                }
              },
              {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"enum": ["web_search", "web_search_preview", "file_search", "code_interpreter", "image_generation"]}}
              }
            ]
          },
          "ResponseObject": {
            "type": "object",
            "required": ["id", "object", "created_at", "status", "model", "output"],
            "properties": {
              "id": {"type": "string"},
              "object": {"const": "response"},
              "created_at": {"type": "number"},
              "status": {"enum": ["completed", "failed", "in_progress", "cancelled", "queued", "incomplete"]},
              "model": {"type": "string"},
              "output": {"type": "array", "items": {"type": "object", "required": ["type"]}},
              "usage": {"type": ["object", "null"]}
            }
          }
        }
      }
    }
    """#
}
