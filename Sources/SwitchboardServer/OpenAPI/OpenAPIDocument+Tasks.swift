extension OpenAPIDocument {
    /// The paths and schemas of the asynchronous task endpoints (video and music): submit (three
    /// paths, one body), read one, list, and the content the gateway serves itself.
    static let tasksPaths = #"""
    {
      "paths": {
        "/v1/tasks": {
          "post": {
            "operationId": "createTask",
            "tags": ["tasks"],
            "summary": "Submit an asynchronous video or music task; answers at once with the queued task.",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {"required": true, "content": {"application/json": {
              "schema": {"$ref": "#/components/schemas/TaskRequest"},
              "example": {"model": "mock-video-1", "prompt": "A calico cat playing a piano on stage", "seconds": 4}
            }}},
            "responses": {"200": {"$ref": "#/components/responses/TaskAnswer"}}
          },
          "get": {
            "operationId": "listTasks",
            "tags": ["tasks"],
            "summary": "The calling key's tasks, newest first.",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "parameters": [{"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}],
            "responses": {
              "200": {
                "description": "The tasks.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {
                  "type": "object",
                  "required": ["object", "data", "has_more"],
                  "properties": {
                    "object": {"const": "list"},
                    "data": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}},
                    "has_more": {"type": "boolean"}
                  }
                }}}
              }
            }
          }
        },
        "/v1/video/generations": {
          "post": {
            "operationId": "createVideoTask",
            "tags": ["tasks"],
            "summary": "Submit a video task (the same as POST /v1/tasks).",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {"required": true, "content": {"application/json": {
              "schema": {"$ref": "#/components/schemas/TaskRequest"},
              "example": {"model": "mock-video-1", "prompt": "Waves at dusk"}
            }}},
            "responses": {"200": {"$ref": "#/components/responses/TaskAnswer"}}
          }
        },
        "/v1/music/generations": {
          "post": {
            "operationId": "createMusicTask",
            "tags": ["tasks"],
            "summary": "Submit a music task (the same as POST /v1/tasks).",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {"required": true, "content": {"application/json": {
              "schema": {"$ref": "#/components/schemas/TaskRequest"},
              "example": {"model": "mock-music-1", "prompt": "A sea shanty about routers"}
            }}},
            "responses": {"200": {"$ref": "#/components/responses/TaskAnswer"}}
          }
        },
        "/v1/tasks/{task_id}": {
          "parameters": [{"name": "task_id", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1, "examples": ["task_0123456789abcdef01234567"]}}],
          "get": {
            "operationId": "getTask",
            "tags": ["tasks"],
            "summary": "A task of the calling key: status, progress, result URLs or error (404 task_not_found for any other key's).",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "responses": {"200": {"$ref": "#/components/responses/TaskAnswer"}}
          }
        },
        "/v1/tasks/{task_id}/content": {
          "parameters": [
            {"name": "task_id", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}},
            {"name": "variant", "in": "query", "required": false, "schema": {"type": "string", "examples": ["video", "thumbnail", "spritesheet"]}}
          ],
          "get": {
            "operationId": "getTaskContent",
            "tags": ["tasks"],
            "summary": "The media of a succeeded task whose upstream the gateway fetches itself (OpenAI videos), streamed.",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "responses": {
              "200": {
                "description": "The media bytes, with the upstream's content type.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"video/mp4": {"schema": {"type": "string", "format": "binary"}}, "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
              }
            }
          }
        }
      },
      "components": {
        "responses": {
          "TaskAnswer": {
            "description": "The task.",
            "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}
          }
        },
        "schemas": {
          "TaskRequest": {
            "type": "object",
            "required": ["model"],
            "description": "Any further field is the provider's (seconds, size, style, instrumental, ...) and is passed upstream as it is.",
            "properties": {
              "model": {"type": "string", "minLength": 1},
              "prompt": {"type": "string"},
              "action": {"type": "string", "description": "For task-http channels: which submit path to use (extend, cover, lyrics, stems, wav, mp4, ...)."},
              "seconds": {"type": ["string", "integer", "number"]},
              "webhook_url": {"type": "string", "format": "uri", "description": "Receives the task object by POST when it ends, signed in Switchboard-Signature (needs SWITCHBOARD_WEBHOOK_SECRET on the gateway)."}
            },
            "additionalProperties": true
          },
          "Task": {
            "type": "object",
            "required": ["id", "object", "model", "status", "progress", "result", "created_at"],
            "properties": {
              "id": {"type": "string"},
              "object": {"const": "task"},
              "model": {"type": "string"},
              "status": {"enum": ["queued", "in_progress", "succeeded", "failed", "cancelled"]},
              "progress": {"type": "integer", "minimum": 0, "maximum": 100},
              "result": {
                "anyOf": [
                  {"type": "object", "required": ["urls"], "properties": {"urls": {"type": "array", "items": {"type": "string"}}}, "additionalProperties": true},
                  {"type": "null"}
                ]
              },
              "error": {
                "type": "object",
                "required": ["message", "code"],
                "properties": {"message": {"type": "string"}, "code": {"type": ["string", "null"]}}
              },
              "created_at": {"type": "integer"},
              "completed_at": {"type": "integer"}
            }
          }
        }
      }
    }
    """#
}
