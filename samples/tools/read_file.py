#!/usr/bin/env python3
"""The read_file tool: reads a UTF-8 text file inside the folder given as the first argument
(never outside it: '..' and symbolic links leaving it are refused)."""
import json
import os
import sys

root = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else ".")
try:
    rel = json.load(sys.stdin)["path"]
    path = os.path.realpath(os.path.join(root, rel))
    if os.path.commonpath([root, path]) != root:
        raise ValueError(f"{rel} is outside the allowed folder")
    with open(path, encoding="utf-8") as f:
        data = f.read(200_000)
    print(data, end="")
except Exception as e:
    print(f"read_file: {e}", file=sys.stderr)
    sys.exit(1)
