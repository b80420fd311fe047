#!/usr/bin/env python3
"""Writes showcase.claudette and sunset.png: a conversation with markdown, code, an image, a
thinking block and a tool call, used for docs/screenshot.png. Run: python3 samples/make_showcase.py"""
import base64, hashlib, json, math, os, struct, zlib

here = os.path.dirname(os.path.abspath(__file__))

def png(width, height, pixel):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))
    chunk = lambda tag, data: struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))

def sunset(x, y):
    if y > 110:  # sea with a reflection
        t = (y - 110) / 50
        glow = max(0, 1 - abs(x - 160) / 30) * (1 - t) if (y // 3) % 2 == 0 else 0
        return (int(20 + 200 * glow), int(60 + 120 * glow), int(120 - 40 * t))
    if math.hypot(x - 160, y - 100) < 28:
        return (255, 200, 80)
    t = y / 110
    return (int(250 - 60 * t), int(150 - 90 * t), int(90 + 60 * t))

image = png(240, 160, sunset)
with open(os.path.join(here, "sunset.png"), "wb") as f:
    f.write(image)
sha = hashlib.sha256(image).hexdigest()

code = '''def golden_hour(sunset: str, minutes: int = 60) -> str:
    """Start of the golden hour before a sunset given as HH:MM."""
    hours, mins = map(int, sunset.split(":"))
    start = hours * 60 + mins - minutes
    return f"{start // 60:02d}:{start % 60:02d}"
'''
text = ("A warm **sunset over the sea**: the sun sits low, just above the horizon, and its "
        "reflection breaks into stripes on the water.\n\n"
        "Good light for photos like this comes in the *golden hour*:\n\n"
        "- shoot **about an hour before sunset**,\n"
        "- keep the horizon level,\n"
        "- expose for the sky, not the sea.\n\n"
        "Here is a helper that works out when to start:\n\n```python\n" + code + "```\n\n"
        "I'll look up today's sunset time for Brighton.")

def turn(tid, parent, role, content, created, **extra):
    t = {"id": tid, "parent": parent, "role": role, "status": "complete", "content": content,
         "created": created}
    t.update(extra)
    return t

turns = [
    turn("t1", None, "user", [
        {"type": "image", "source": {"type": "attachment", "sha256": sha}},
        {"type": "text", "text": "What is in this photo, and when should I go out to take one like it?"},
    ], "2026-11-23T17:02:10.000Z"),
    turn("t2", "t1", "assistant", [
        {"type": "thinking", "thinking": "The image is a stylised sunset over the sea: a low sun, a gradient sky from orange to violet and a striped reflection. The user also asks when to shoot. The golden hour is roughly the hour before sunset, so I should explain that, give a small helper to compute the start time, and then check the actual sunset time with the tool.", "signature": "c2lnbmF0dXJl"},
        {"type": "text", "text": text},
        {"type": "tool_use", "id": "toolu_01", "name": "get_sunset_time", "input": {"location": "Brighton, UK", "date": "2026-11-23"}},
    ], "2026-11-23T17:02:14.000Z", model="claude-sonnet-4-5", stop_reason="tool_use",
       usage={"input_tokens": 1543, "output_tokens": 402}, cost_usd=0.010659,
       request_id="req_011CS", finished="2026-11-23T17:02:21.000Z"),
    turn("t3", "t2", "user", [
        {"type": "tool_result", "tool_use_id": "toolu_01", "content": "Sunset in Brighton on 2026-11-23: 16:04 GMT"},
    ], "2026-11-23T17:02:22.000Z"),
    turn("t4", "t3", "assistant", [
        {"type": "text", "text": "Sunset today is at **16:04**, so `golden_hour(\"16:04\")` gives **15:04**: be on the beach by three o'clock."},
    ], "2026-11-23T17:02:23.000Z", model="claude-sonnet-4-5", stop_reason="end_turn",
       usage={"input_tokens": 1990, "output_tokens": 41}, cost_usd=0.006585,
       request_id="req_011CT", finished="2026-11-23T17:02:25.000Z"),
]

doc = {
    "format": "claudette", "version": 1, "id": "5f0e6a1c-3d2b-4c59-9a51-6f7e2d0b9c11",
    "title": "Sunset photo and the golden hour", "created": "2026-11-23T17:02:10.000Z",
    "modified": "2026-11-23T17:02:25.000Z", "settings": {"model": "claude-sonnet-4-5"},
    "draft": {}, "current": "t4", "turns": turns,
    "attachments": {sha: {"media_type": "image/png", "name": "sunset.png",
                          "data": base64.b64encode(image).decode()}},
}
with open(os.path.join(here, "showcase.claudette"), "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
