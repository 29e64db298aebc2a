#!/usr/bin/env python3
"""Streaming time-to-first-byte: time from sending a request to the first `data:` line.

Usage: ttft.py PORT PATH BODY KEY [N]
One persistent keep-alive connection, N (default 500) sequential requests after 20 warm-ups.
Prints `median_ms p99_ms`. Exits non-zero on any non-200 response, a stream without
`data: [DONE]`, or a closed connection.
"""
import socket
import statistics
import sys
import time


class Connection:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""     # received, not yet consumed
        self.first = None     # when `data:` was first seen in this response's body

    def more(self, in_body=True):
        data = self.sock.recv(65536)
        if not data:
            sys.exit("ttft.py: the server closed the connection")
        self.buffer += data
        # Chunk-size lines are hex digits, so `data:` in the raw body bytes is always payload.
        if in_body and self.first is None and b"data:" in self.buffer:
            self.first = time.perf_counter()

    def take(self, count):
        while len(self.buffer) < count:
            self.more()
        taken, self.buffer = self.buffer[:count], self.buffer[count:]
        return taken

    def line(self):
        while b"\r\n" not in self.buffer:
            self.more()
        line, _, self.buffer = self.buffer.partition(b"\r\n")
        return line

    def response(self):
        """Reads one whole response; returns (time of the first `data:` line, body)."""
        self.first = None
        while b"\r\n\r\n" not in self.buffer:
            self.more(in_body=False)
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        if b"data:" in self.buffer:
            self.first = time.perf_counter()
        status, *lines = head.decode("latin-1").split("\r\n")
        if status.split(" ")[1] != "200":
            sys.exit(f"ttft.py: {status}")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}
        if "content-length" in headers:
            return self.first, self.take(int(headers["content-length"]))
        if headers.get("transfer-encoding", "").lower() != "chunked":
            sys.exit(f"ttft.py: neither content-length nor chunked: {headers}")
        body = b""
        while True:
            size = int(self.line().split(b";")[0], 16)
            body += self.take(size)
            self.take(2)
            if size == 0:
                return self.first, body


def main():
    port, path, body, key = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode(), sys.argv[4]
    count = int(sys.argv[5]) if len(sys.argv) > 5 else 500
    request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {key}\r\n"
               f"Content-Type: application/json\r\nAccept: text/event-stream\r\n"
               f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    connection, samples = Connection(port), []
    for i in range(count + 20):
        start = time.perf_counter()
        connection.sock.sendall(request)
        first, payload = connection.response()
        if first is None or b"data: [DONE]" not in payload:
            sys.exit(f"ttft.py: incomplete stream: {payload[-200:]!r}")
        if i >= 20:
            samples.append((first - start) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(f"{statistics.median(samples):.3f} {p99:.3f}")


if __name__ == "__main__":
    main()
