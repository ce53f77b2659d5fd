#!/usr/bin/env bash
# Runs a command inside a network namespace made for it, then deletes the namespace: the meeting tests and the meeting
# benchmark run the centre server, Janus and Chromium in there, so every packet (loopback, and WebRTC media between
# Chromium and Janus over a veth pair of the test's own, 198.18.0.1 ⇄ 198.18.0.2) stays inside it, never on the
# machine's own network. Headless Chromium gathers no candidate without a default route, hence the route via the peer.
# Needs root (CI runs as root and must never skip). Usage: tests/meet/netns.sh <command…>; inside, ZZ_MEET_IFACE names
# the interface Janus may use.
set -euo pipefail
if [ "$(id -u)" != 0 ]; then
  echo "[meet] skipped: making a network namespace needs root (run as root, as CI does)"
  exit 0
fi
if ! command -v janus >/dev/null 2>&1; then
  echo "[meet] janus is not installed: run scripts/system-deps.sh as root (apt-get install janus janus-tools)" >&2
  exit 1
fi
NS="zzmeet$$"
ip netns add "$NS"
trap 'ip netns del "$NS" 2>/dev/null || true' EXIT INT TERM
ip -n "$NS" link set lo up
ip -n "$NS" link add zzm0 type veth peer name zzm1
ip -n "$NS" addr add 198.18.0.1/24 dev zzm0
ip -n "$NS" addr add 198.18.0.2/24 dev zzm1
ip -n "$NS" link set zzm0 up
ip -n "$NS" link set zzm1 up
ip -n "$NS" route add default via 198.18.0.2 dev zzm0
ip netns exec "$NS" env ZZ_MEET_IFACE=zzm0 ZZ_MEET_NETNS="$NS" "$@"
