extension OpenAPIDocument {
    /// `POST /v1/embeddings`, `/v1/moderations` and `/v1/rerank`, with their request and answer
    /// schemas: OpenAI's `CreateEmbeddingRequest` and `CreateModerationRequest` as the gateway
    /// validates them, and the Cohere/Jina rerank shape. The mock channel serves any of its models
    /// on these endpoints (`mock-embedding-1`, `mock-moderation-1`, `mock-rerank-1`).
    static let embeddingsPaths = #"""
    {
      "paths": {
        "/v1/embeddings": {
          "post": {
            "operationId": "createEmbedding",
            "tags": ["openai"],
            "summary": "OpenAI embeddings: one vector per input, as floats or base64 (little-endian float32).",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/EmbeddingsRequest"},
                "example": {"model": "mock-embedding-1", "input": "The quick brown fox"}
              }}
            },
            "responses": {
              "200": {
                "description": "The embeddings, in OpenAI's list shape; `model` is the name the client asked for.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EmbeddingsResponse"}}}
              }
            }
          }
        },
        "/v1/moderations": {
          "post": {
            "operationId": "createModeration",
            "tags": ["openai"],
            "summary": "OpenAI moderations: one result per string, or one for an array of text and image parts.",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ModerationsRequest"},
                "example": {"model": "mock-moderation-1", "input": "I want to kill them."}
              }}
            },
            "responses": {
              "200": {
                "description": "The moderation results.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModerationsResponse"}}}
              }
            }
          }
        },
        "/v1/rerank": {
          "post": {
            "operationId": "rerank",
            "tags": ["openai"],
            "summary": "Rerank documents against a query (the Cohere/Jina shape that Jina, vLLM and SiliconFlow serve).",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/RerankRequest"},
                "example": {"model": "mock-rerank-1", "query": "capital of France", "documents": ["Paris is the capital of France", "Berlin"], "top_n": 1}
              }}
            },
            "responses": {
              "200": {
                "description": "The documents' indexes and scores, highest first.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RerankResponse"}}}
              }
            }
          }
        }
      },
      "components": {
        "schemas": {
          "EmbeddingsRequest": {
            "type": "object",
            "required": ["model", "input"],
            "properties": {
              "model": {"type": "string", "minLength": 1, "examples": ["mock-embedding-1"]},
              "input": {
                "oneOf": [
                  {"type": "string", "minLength": 1},
                  {"type": "array", "minItems": 1, "maxItems": 2048, "items": {"type": "string", "minLength": 1}},
                  {"type": "array", "minItems": 1, "maxItems": 2048, "items": {"$ref": "#/components/schemas/TokenID"}},
                  {
                    "type": "array", "minItems": 1, "maxItems": 2048,
                    "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/TokenID"}}
                  }
                ]
              },
              "dimensions": {"type": ["integer", "null"], "minimum": 1, "maximum": 16384},
              "encoding_format": {"type": ["string", "null"], "enum": ["float", "base64", null]},
              "user": {"type": ["string", "null"]}
            }
          },
          "TokenID": {"type": "integer", "minimum": 0, "maximum": 2147483647},
          "EmbeddingsResponse": {
            "type": "object",
            "required": ["object", "data", "model", "usage"],
            "properties": {
              "object": {"const": "list"},
              "data": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["object", "index", "embedding"],
                  "properties": {
                    "object": {"const": "embedding"},
                    "index": {"type": "integer", "minimum": 0},
                    "embedding": {
                      "oneOf": [
                        {"type": "array", "items": {"type": "number"}},
                        {"type": "string", "description": "base64 of little-endian float32 values"}
                      ]
                    }
                  }
                }
              },
              "model": {"type": "string"},
              "usage": {
                "type": "object",
                "required": ["prompt_tokens", "total_tokens"],
                "properties": {"prompt_tokens": {"type": "integer"}, "total_tokens": {"type": "integer"}}
              }
            }
          },
          "ModerationsRequest": {
            "type": "object",
            "required": ["input"],
            "properties": {
              "model": {"type": ["string", "null"], "minLength": 1, "default": "omni-moderation-latest", "examples": ["mock-moderation-1"]},
              "input": {
                "oneOf": [
                  {"type": "string"},
                  {"type": "array", "minItems": 1, "items": {"type": "string"}},
                  {
                    "type": "array", "minItems": 1,
                    "items": {
                      "oneOf": [
                        {
                          "type": "object",
                          "required": ["type", "text"],
                          "properties": {"type": {"const": "text"}, "text": {"type": "string"}}
                        },
                        {
                          "type": "object",
                          "required": ["type", "image_url"],
                          "properties": {
                            "type": {"const": "image_url"},
                            "image_url": {"type": "object", "required": ["url"], "properties": {"url": {"type": "string"}}}
                          }
                        }
                      ]
                    }
                  }
                ]
              }
            }
          },
          "ModerationsResponse": {
            "type": "object",
            "required": ["id", "model", "results"],
            "properties": {
              "id": {"type": "string"},
              "model": {"type": "string"},
              "results": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["flagged", "categories", "category_scores"],
                  "properties": {
                    "flagged": {"type": "boolean"},
                    "categories": {"type": "object", "additionalProperties": {"type": ["boolean", "null"]}},
                    "category_scores": {"type": "object", "additionalProperties": {"type": "number"}},
                    "category_applied_input_types": {
                      "type": "object",
                      "additionalProperties": {"type": "array", "items": {"enum": ["text", "image"]}}
                    }
                  }
                }
              }
            }
          },
          "RerankRequest": {
            "type": "object",
            "required": ["model", "query", "documents"],
            "properties": {
              "model": {"type": "string", "minLength": 1, "examples": ["mock-rerank-1"]},
              "query": {"type": "string", "minLength": 1},
              "documents": {
                "type": "array", "minItems": 1, "maxItems": 10000,
                "items": {
                  "oneOf": [
                    {"type": "string"},
                    {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
                  ]
                }
              },
              "top_n": {"type": ["integer", "null"], "minimum": 1, "maximum": 2147483647},
              "return_documents": {"type": ["boolean", "null"], "default": true}
            }
          },
          "RerankResponse": {
            "type": "object",
            "required": ["results"],
            "properties": {
              "id": {"type": "string"},
              "model": {"type": "string"},
              "results": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["index", "relevance_score"],
                  "properties": {
                    "index": {"type": "integer", "minimum": 0},
                    "relevance_score": {"type": "number"},
                    "document": {"type": "object", "properties": {"text": {"type": "string"}}}
                  }
                }
              },
              "usage": {"type": "object", "properties": {"total_tokens": {"type": "integer"}}}
            }
          }
        }
      }
    }
    """#
}
