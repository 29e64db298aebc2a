extension OpenAPIDocument {
    /// Gemini's `generateContent`, `streamGenerateContent`, `countTokens` and model list under `/v1beta`.
    static let geminiPaths = #"""
    {
      "paths": {
        "/v1beta/models/{model}:generateContent": {
          "parameters": [{"$ref": "#/components/parameters/GeminiModel"}],
          "post": {
            "operationId": "generateContent",
            "tags": ["gemini"],
            "summary": "Gemini generateContent.",
            "security": [{"googleApiKey": []}, {"googleApiKeyQuery": []}, {"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {"$ref": "#/components/requestBodies/GeminiGenerateContent"},
            "responses": {
              "200": {
                "description": "The generated candidates.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GeminiResponse"}}}
              }
            }
          }
        },
        "/v1beta/models/{model}:streamGenerateContent": {
          "parameters": [{"$ref": "#/components/parameters/GeminiModel"}],
          "post": {
            "operationId": "streamGenerateContent",
            "tags": ["gemini"],
            "summary": "Gemini streamGenerateContent, as server-sent events.",
            "security": [{"googleApiKey": []}, {"googleApiKeyQuery": []}, {"bearerAuth": []}, {"apiKeyHeader": []}],
            "parameters": [{"name": "alt", "in": "query", "schema": {"const": "sse"}}],
            "requestBody": {"$ref": "#/components/requestBodies/GeminiGenerateContent"},
            "responses": {
              "200": {
                "description": "One GenerateContentResponse per event.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"text/event-stream": {"schema": {"$ref": "#/components/schemas/ServerSentEvent"}}}
              }
            }
          }
        },
        "/v1beta/models/{model}:countTokens": {
          "parameters": [{"$ref": "#/components/parameters/GeminiModel"}],
          "post": {
            "operationId": "countTokens",
            "tags": ["gemini"],
            "summary": "Counts the tokens of `contents` (or of a whole `generateContentRequest`), estimated.",
            "security": [{"googleApiKey": []}, {"googleApiKeyQuery": []}, {"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {
                "schema": {
                  "oneOf": [
                    {"$ref": "#/components/schemas/GeminiGenerateContentRequest"},
                    {
                      "type": "object",
                      "required": ["generateContentRequest"],
                      "properties": {"generateContentRequest": {"$ref": "#/components/schemas/GeminiGenerateContentRequest"}}
                    }
                  ]
                },
                "example": {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}
              }}
            },
            "responses": {
              "200": {
                "description": "The count.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {
                  "type": "object",
                  "required": ["totalTokens"],
                  "properties": {"totalTokens": {"type": "integer", "minimum": 0}}
                }}}
              }
            }
          }
        },
        "/v1beta/models": {
          "get": {
            "operationId": "listGeminiModels",
            "tags": ["gemini"],
            "summary": "The models the calling key may use, in Gemini's shape.",
            "security": [{"googleApiKey": []}, {"googleApiKeyQuery": []}, {"bearerAuth": []}, {"apiKeyHeader": []}],
            "responses": {
              "200": {
                "description": "The models.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {
                  "type": "object",
                  "required": ["models"],
                  "properties": {"models": {"type": "array", "items": {"$ref": "#/components/schemas/GeminiModel"}}}
                }}}
              }
            }
          }
        },
        "/v1beta/models/{model}": {
          "parameters": [{"$ref": "#/components/parameters/GeminiModel"}],
          "get": {
            "operationId": "getGeminiModel",
            "tags": ["gemini"],
            "summary": "One model the calling key may use.",
            "security": [{"googleApiKey": []}, {"googleApiKeyQuery": []}, {"bearerAuth": []}, {"apiKeyHeader": []}],
            "responses": {
              "200": {
                "description": "The model.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GeminiModel"}}}
              }
            }
          }
        }
      },
      "components": {
        "parameters": {
          "GeminiModel": {
            "name": "model", "in": "path", "required": true,
            "schema": {"type": "string", "pattern": "^[A-Za-z0-9._-]+$", "examples": ["mock-1"]}
          }
        },
        "requestBodies": {
          "GeminiGenerateContent": {
            "required": true,
            "content": {"application/json": {
              "schema": {"$ref": "#/components/schemas/GeminiGenerateContentRequest"},
              "example": {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}
            }}
          }
        }
      }
    }
    """#

    /// `GenerateContentRequest` in proto JSON (camelCase; the snake_case spellings are accepted too).
    static let geminiSchemas = #"""
    {
      "components": {
        "schemas": {
          "GeminiGenerateContentRequest": {
            "type": "object",
            "required": ["contents"],
            "properties": {
              "contents": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/GeminiContent"}},
              "systemInstruction": {"oneOf": [{"$ref": "#/components/schemas/GeminiContent"}, {"type": "string"}, {"type": "null"}]},
              "tools": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/GeminiTool"}},
              "toolConfig": {
                "type": ["object", "null"],
                "properties": {
                  "functionCallingConfig": {
                    "type": "object",
                    "properties": {
                      "mode": {"enum": ["AUTO", "ANY", "NONE", "VALIDATED"]},
                      "allowedFunctionNames": {"type": "array", "items": {"type": "string"}}
                    }
                  }
                }
              },
              "generationConfig": {"$ref": "#/components/schemas/GeminiGenerationConfig"},
              "safetySettings": {"type": ["array", "null"], "items": {"type": "object"}},
              "cachedContent": {"type": ["string", "null"]}
            }
          },
          "GeminiContent": {
            "type": "object",
            "required": ["parts"],
            "properties": {
              "role": {"type": "string", "enum": ["user", "model", "function", "tool"]},
              "parts": {"type": "array", "items": {"$ref": "#/components/schemas/GeminiPart"}}
            }
          },
          "GeminiPart": {
            "anyOf": [
              {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}, "thought": {"type": "boolean"}, "thoughtSignature": {"type": "string"}}},
              {
                "type": "object",
                "required": ["inlineData"],
                "properties": {"inlineData": {
                  "type": "object",
                  "required": ["mimeType", "data"],
                  "properties": {"mimeType": {"type": "string"}, "data": {"type": "string", "contentEncoding": "base64"}}
                }}
              },
              {
                "type": "object",
                "required": ["fileData"],
                "properties": {"fileData": {
                  "type": "object",
                  "required": ["fileUri"],
                  "properties": {"fileUri": {"type": "string"}, "mimeType": {"type": "string"}}
                }}
              },
              {
                "type": "object",
                "required": ["functionCall"],
                "properties": {"functionCall": {
                  "type": "object",
                  "required": ["name"],
                  "properties": {"name": {"type": "string"}, "args": {"type": ["object", "null"]}, "id": {"type": "string"}}
                }}
              },
              {
                "type": "object",
                "required": ["functionResponse"],
                "properties": {"functionResponse": {
                  "type": "object",
                  "required": ["name"],
                  "properties": {"name": {"type": "string"}, "response": {"type": "object"}, "id": {"type": "string"}}
                }}
              }
            ]
          },
          "GeminiTool": {
            "type": "object",
            "properties": {
              "functionDeclarations": {
                "type": ["array", "null"],
                "items": {
                  "type": "object",
                  "required": ["name"],
                  "properties": {
                    "name": {"type": "string", "pattern": "^[a-zA-Z_][a-zA-Z0-9_.-]{0,63}$"},
                    "description": {"type": "string"},
                    "parameters": {"type": "object"},
                    "parametersJsonSchema": {"$ref": "#/components/schemas/JSONSchemaObject"}
                  }
                }
              },
              "googleSearch": {"type": "object"},
              "codeExecution": {"type": "object"},
              "urlContext": {"type": "object"}
            }
          },
          "GeminiGenerationConfig": {
            "type": ["object", "null"],
            "properties": {
              "temperature": {"type": ["number", "null"], "minimum": 0, "maximum": 2},
              "topP": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
              "topK": {"type": ["number", "null"], "minimum": 1},
              "maxOutputTokens": {"type": ["integer", "null"], "minimum": 1},
              "seed": {"type": ["integer", "null"]},
              "candidateCount": {"type": ["integer", "null"], "minimum": 1, "maximum": 8},
              "stopSequences": {"type": ["array", "null"], "items": {"type": "string"}, "maxItems": 5},
              "responseMimeType": {"type": "string"},
              "responseSchema": {"type": "object"},
              "responseJsonSchema": {"type": "object"},
              "thinkingConfig": {
                "type": ["object", "null"],
                "properties": {"thinkingBudget": {"type": ["integer", "null"]}, "includeThoughts": {"type": "boolean"}}
              }
            }
          },
          "GeminiResponse": {
            "type": "object",
            "required": ["candidates"],
            "properties": {
              "candidates": {
                "type": "array",
                "items": {
                  "type": "object",
                  "properties": {
                    "content": {"type": "object", "properties": {"role": {"type": "string"}, "parts": {"type": "array"}}},
                    "finishReason": {"type": "string"},
                    "index": {"type": "integer"}
                  }
                }
              },
              "usageMetadata": {"type": "object"},
              "modelVersion": {"type": "string"}
            }
          },
          "GeminiModel": {
            "type": "object",
            "required": ["name", "supportedGenerationMethods"],
            "properties": {
              "name": {"type": "string", "pattern": "^models/"},
              "displayName": {"type": "string"},
              "supportedGenerationMethods": {"type": "array", "items": {"type": "string"}}
            }
          }
        }
      }
    }
    """#
}
