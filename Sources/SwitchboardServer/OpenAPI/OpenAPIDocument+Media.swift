extension OpenAPIDocument {
    /// `POST /v1/images/generations` (JSON), `/v1/images/edits` (multipart), `/v1/audio/transcriptions`
    /// and `/v1/audio/translations` (multipart) and `/v1/audio/speech` (JSON in, binary audio out),
    /// with request schemas after OpenAI's `CreateImageRequest`, `CreateImageEditRequest`,
    /// `CreateTranscriptionRequest`, `CreateTranslationRequest` and `CreateSpeechRequest` as the
    /// gateway validates them. The mock serves `mock-image-1`, `mock-whisper-1` and `mock-tts-1`.
    static let mediaPaths = #"""
    {
      "paths": {
        "/v1/images/generations": {
          "post": {
            "operationId": "createImage",
            "tags": ["openai"],
            "summary": "OpenAI image generation: OpenAI channels relay it, Gemini image models answer through generateContent (b64_json only), the mock draws a 64x64 PNG.",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ImageGenerationRequest"},
                "example": {"model": "mock-image-1", "prompt": "A lighthouse at dusk", "n": 1, "response_format": "b64_json"}
              }}
            },
            "responses": {"200": {"$ref": "#/components/responses/Images"}}
          }
        },
        "/v1/images/edits": {
          "post": {
            "operationId": "createImageEdit",
            "tags": ["openai"],
            "summary": "OpenAI image editing: one or more images (image or image[]), an optional mask and a prompt, as multipart/form-data (50 MB in all).",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {
              "required": true,
              "content": {"multipart/form-data": {
                "schema": {"$ref": "#/components/schemas/ImageEditRequest"},
                "encoding": {"image": {"contentType": "image/png, image/jpeg, image/webp"}, "mask": {"contentType": "image/png"}}
              }}
            },
            "responses": {"200": {"$ref": "#/components/responses/Images"}}
          }
        },
        "/v1/audio/transcriptions": {
          "post": {
            "operationId": "createTranscription",
            "tags": ["openai"],
            "summary": "OpenAI speech to text, as multipart/form-data (25 MB): OpenAI channels relay it, the mock transcribes WAV files.",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {
              "required": true,
              "content": {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/TranscriptionRequest"}}}
            },
            "responses": {"200": {"$ref": "#/components/responses/Transcription"}}
          }
        },
        "/v1/audio/translations": {
          "post": {
            "operationId": "createTranslation",
            "tags": ["openai"],
            "summary": "OpenAI speech to English text, as multipart/form-data (25 MB).",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {
              "required": true,
              "content": {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/TranscriptionRequest"}}}
            },
            "responses": {"200": {"$ref": "#/components/responses/Transcription"}}
          }
        },
        "/v1/audio/speech": {
          "post": {
            "operationId": "createSpeech",
            "tags": ["openai"],
            "summary": "OpenAI text to speech: the audio is streamed back as the upstream sends it, with its Content-Type; the mock answers a WAV tone (raw samples for pcm).",
            "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/SpeechRequest"},
                "example": {"model": "mock-tts-1", "input": "Hello there", "voice": "alloy"}
              }}
            },
            "responses": {
              "200": {
                "description": "The audio, chunk by chunk.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {
                  "audio/mpeg": {"schema": {"type": "string", "format": "binary"}},
                  "audio/opus": {"schema": {"type": "string", "format": "binary"}},
                  "audio/aac": {"schema": {"type": "string", "format": "binary"}},
                  "audio/flac": {"schema": {"type": "string", "format": "binary"}},
                  "audio/wav": {"schema": {"type": "string", "format": "binary"}},
                  "audio/pcm": {"schema": {"type": "string", "format": "binary"}}
                }
              }
            }
          }
        }
      },
      "components": {
        "responses": {
          "Images": {
            "description": "The images, in OpenAI's shape (with stream: true, image events as server-sent events).",
            "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/ImagesResponse"}},
              "text/event-stream": {"schema": {"type": "string"}}
            }
          },
          "Transcription": {
            "description": "The text heard (translations: in English): JSON for json and verbose_json, text for text, srt and vtt.",
            "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/TranscriptionResponse"}},
              "text/plain": {"schema": {"type": "string"}}
            }
          }
        },
        "schemas": {
          "ImageGenerationRequest": {
            "type": "object",
            "required": ["model", "prompt"],
            "properties": {
              "model": {"type": "string", "minLength": 1},
              "prompt": {"type": "string", "minLength": 1},
              "n": {"type": ["integer", "null"], "minimum": 1, "maximum": 10},
              "size": {"type": ["string", "null"], "description": "WIDTHxHEIGHT or auto; Gemini image models take sizes whose ratio they offer."},
              "quality": {"type": ["string", "null"]},
              "response_format": {"type": ["string", "null"], "enum": ["url", "b64_json", null]},
              "background": {"type": ["string", "null"]},
              "output_format": {"type": ["string", "null"]},
              "user": {"type": ["string", "null"]},
              "stream": {"type": ["boolean", "null"], "description": "Partial images as server-sent events; OpenAI channels only (400 elsewhere)."},
              "partial_images": {"type": ["integer", "null"], "minimum": 0, "maximum": 3}
            },
            "additionalProperties": true
          },
          "ImageEditRequest": {
            "type": "object",
            "required": ["model", "prompt", "image"],
            "properties": {
              "image": {
                "description": "One image, or several sent as image[] (or image repeated).",
                "oneOf": [{"type": "string", "format": "binary"}, {"type": "array", "items": {"type": "string", "format": "binary"}}]
              },
              "mask": {"type": "string", "format": "binary"},
              "prompt": {"type": "string", "minLength": 1},
              "model": {"type": "string", "minLength": 1},
              "n": {"type": "integer", "minimum": 1, "maximum": 10},
              "size": {"type": "string"},
              "response_format": {"type": "string", "enum": ["url", "b64_json"]},
              "user": {"type": "string"},
              "stream": {"type": "string", "enum": ["true", "false"]},
              "partial_images": {"type": "integer", "minimum": 0, "maximum": 3}
            }
          },
          "ImagesResponse": {
            "type": "object",
            "required": ["created", "data"],
            "properties": {
              "created": {"type": "integer"},
              "data": {
                "type": "array",
                "items": {
                  "type": "object",
                  "properties": {
                    "b64_json": {"type": "string"},
                    "url": {"type": "string"},
                    "revised_prompt": {"type": "string"}
                  }
                }
              },
              "usage": {"type": "object"}
            }
          },
          "TranscriptionRequest": {
            "type": "object",
            "required": ["file", "model"],
            "properties": {
              "file": {"type": "string", "format": "binary", "description": "The audio (the mock reads WAV files only)."},
              "model": {"type": "string", "minLength": 1},
              "language": {"type": "string"},
              "prompt": {"type": "string"},
              "response_format": {"type": "string", "enum": ["json", "text", "srt", "vtt", "verbose_json"]},
              "temperature": {"type": "number", "minimum": 0, "maximum": 1},
              "timestamp_granularities[]": {"type": "array", "items": {"type": "string", "enum": ["word", "segment"]}}
            }
          },
          "TranscriptionResponse": {
            "type": "object",
            "required": ["text"],
            "properties": {
              "text": {"type": "string"},
              "task": {"type": "string"},
              "language": {"type": "string"},
              "duration": {"type": "number"},
              "segments": {"type": "array", "items": {"type": "object"}},
              "words": {"type": "array", "items": {"type": "object"}},
              "usage": {"type": "object"}
            }
          },
          "SpeechRequest": {
            "type": "object",
            "required": ["model", "input", "voice"],
            "properties": {
              "model": {"type": "string", "minLength": 1},
              "input": {"type": "string", "minLength": 1, "maxLength": 4096},
              "voice": {"type": "string", "minLength": 1},
              "instructions": {"type": ["string", "null"]},
              "response_format": {"type": ["string", "null"], "enum": ["mp3", "opus", "aac", "flac", "wav", "pcm", null]},
              "speed": {"type": ["number", "null"], "minimum": 0.25, "maximum": 4}
            },
            "additionalProperties": true
          }
        }
      }
    }
    """#
}
