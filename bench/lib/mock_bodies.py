#!/usr/bin/env python3
"""Renders an nginx config template, filling in the mock upstream's canned response bodies.

Usage: mock_bodies.py TEMPLATE KEY=VALUE... > nginx.conf

Every @KEY@ in the template is replaced by VALUE; @JSON_RETURN@ and @SSE_RETURN@ become
directives that return the non-streaming chat.completion body (~1 KB) and the streaming body
(20 chat.completion.chunk events, the last a usage chunk, then `data: [DONE]`).
"""
import json
import re
import sys

MODEL = "gpt-4o-mini-2024-07-18"
CREATED = 1732000000
WORDS = ("Hello", "!", " How", " can", " I", " help", " you", " today", "?", " I", " am",
         " a", " mock", " upstream", " answering", " quickly", ".")


def json_body() -> str:
    content = ("Hello! I am a deterministic mock upstream used by the Switchboard benchmark. "
               "This reply is padded so that the whole chat.completion object is about one kilobyte, "
               "which is a typical size for a short, non-streaming answer from a hosted model. ") * 2
    body = {
        "id": "chatcmpl-bench0000000000000000000001",
        "object": "chat.completion",
        "created": CREATED,
        "model": MODEL,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content.strip(), "refusal": None},
            "logprobs": None,
            "finish_reason": "stop",
        }],
        "usage": {
            "prompt_tokens": 9, "completion_tokens": 150, "total_tokens": 159,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                          "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0},
        },
        "system_fingerprint": "fp_bench",
    }
    return json.dumps(body, separators=(",", ":"))


def sse_body() -> str:
    def chunk(delta, finish=None, choices=True, usage=None):
        event = {"id": "chatcmpl-bench0000000000000000000002", "object": "chat.completion.chunk",
                 "created": CREATED, "model": MODEL, "system_fingerprint": "fp_bench",
                 "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}] if choices else []}
        if usage is not None:
            event["usage"] = usage
        return "data: " + json.dumps(event, separators=(",", ":")) + "\n\n"

    events = [chunk({"role": "assistant", "content": "", "refusal": None})]  # 1
    events += [chunk({"content": word}) for word in WORDS]                   # 2..18
    events.append(chunk({}, finish="stop"))                                  # 19
    events.append(chunk(None, choices=False,                                 # 20: usage chunk
                        usage={"prompt_tokens": 9, "completion_tokens": 17, "total_tokens": 26}))
    assert len(events) == 20
    return "".join(events) + "data: [DONE]\n\n"


def nginx_return(name: str, text: str) -> str:
    """`set` directives holding the text in parts, then `return 200` of their concatenation.

    nginx caps one config token at 4 KB, so a longer body cannot be a single literal.
    """
    assert "$" not in text  # would start a variable inside the quoted strings
    parts = [text[i:i + 3000] for i in range(0, len(text), 3000)]
    quoted = ["'" + part.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'" for part in parts]
    sets = "".join(f"set ${name}{i} {q}; " for i, q in enumerate(quoted))
    return sets + 'return 200 "' + "".join(f"${name}{i}" for i in range(len(parts))) + '";'


def main() -> None:
    template = open(sys.argv[1]).read()
    values = dict(arg.split("=", 1) for arg in sys.argv[2:])
    values["JSON_RETURN"] = nginx_return("json", json_body())
    values["SSE_RETURN"] = nginx_return("sse", sse_body())
    for key, value in values.items():
        template = template.replace(f"@{key}@", value)
    leftover = re.search(r"@[A-Z_]+@", template)
    if leftover:
        sys.exit(f"mock_bodies.py: {sys.argv[1]}: no value for {leftover.group()}")
    sys.stdout.write(template)


if __name__ == "__main__":
    main()
