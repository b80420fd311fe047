#!/bin/sh
# Runs "$@" with an unlocked gnome-keyring on a private D-Bus session (used under dbus-run-session
# by the keychain integration test). The keyring lives in a temporary folder and goes away, and the
# daemon is stopped when the command ends, so nothing outlives the test.
set -eu
tmp=$(mktemp -d)
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run" HOME="$tmp/home"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"
printf 'test-password' | gnome-keyring-daemon --foreground --unlock --components=secrets \
    >"$tmp/daemon.out" 2>"$tmp/daemon.err" &
daemon=$!
trap 'kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; rm -rf "$tmp"' EXIT
# The daemon is ready once its control socket exists.
i=0
while [ ! -S "$XDG_RUNTIME_DIR/keyring/control" ]; do
    i=$((i + 1))
    if [ "$i" -gt 100 ] || ! kill -0 "$daemon" 2>/dev/null; then
        echo "gnome-keyring-daemon did not start:" >&2
        cat "$tmp/daemon.err" >&2
        exit 1
    fi
    sleep 0.1
done
CLAUDETTE_KEYCHAIN_TEST=gnome-keyring "$@"
