#!/usr/bin/env python3
"""Sends N requests one after another over one keep-alive connection and reads each whole.

Usage: sequential.py PORT PATH BODY KEY N
Exits non-zero on any non-200 response or a closed connection (ttft.Connection's checks).
Used by instructions.sh, where the gateway runs under callgrind and must see exactly N requests.
"""
import sys

from ttft import Connection


def main():
    port, path, body, key, count = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode(), sys.argv[4], int(sys.argv[5])
    request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {key}\r\n"
               f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    connection = Connection(port)
    for _ in range(count):
        connection.sock.sendall(request)
        connection.response()


if __name__ == "__main__":
    main()
