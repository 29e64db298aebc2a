extension OpenAPIDocument {
    /// `GET /v1/models`, `GET /v1/models/{model}`, `GET /health` and `GET /openapi.json`.
    static let modelsPaths = #"""
    {
      "paths": {
        "/v1/models": {
          "get": {
            "operationId": "listModels",
            "tags": ["openai"],
            "summary": "The models the calling key may use.",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "responses": {
              "200": {
                "description": "The models.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {
                  "type": "object",
                  "required": ["object", "data"],
                  "properties": {"object": {"const": "list"}, "data": {"type": "array", "items": {"$ref": "#/components/schemas/Model"}}}
                }}}
              }
            }
          }
        },
        "/v1/models/{model}": {
          "parameters": [{"name": "model", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1, "examples": ["mock-1"]}}],
          "get": {
            "operationId": "getModel",
            "tags": ["openai"],
            "summary": "One model the calling key may use.",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "responses": {
              "200": {
                "description": "The model.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Model"}}}
              }
            }
          }
        },
        "/health": {
          "get": {
            "operationId": "health",
            "tags": ["gateway"],
            "summary": "Liveness, without auth.",
            "security": [],
            "responses": {
              "200": {
                "description": "The gateway is up.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {
                  "type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}
                }}}
              }
            }
          }
        },
        "/openapi.json": {
          "get": {
            "operationId": "openAPIDocument",
            "tags": ["gateway"],
            "summary": "This document, without auth.",
            "security": [],
            "responses": {
              "200": {
                "description": "The OpenAPI 3.1 document.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {
                  "type": "object", "required": ["openapi", "info", "paths"], "properties": {"openapi": {"const": "3.1.0"}}
                }}}
              }
            }
          }
        }
      },
      "components": {
        "schemas": {
          "Model": {
            "type": "object",
            "required": ["id", "object", "created", "owned_by"],
            "properties": {
              "id": {"type": "string"},
              "object": {"const": "model"},
              "created": {"type": "integer"},
              "owned_by": {"type": "string"}
            }
          }
        }
      }
    }
    """#
}
