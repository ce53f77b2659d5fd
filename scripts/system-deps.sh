#!/usr/bin/env bash
# Installs the Debian packages the tests need (Chromium for the UI tests, ffmpeg for video, Janus for calls and meetings,
# a CJK font so Chinese renders)
# when they are missing. As root it installs them; otherwise it prints the exact command and carries on
# (tests that need a missing tool skip and say why).
set -euo pipefail
need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils) # the 专报 PDF test reads its text back
command -v ip >/dev/null 2>&1 || need+=(iproute2) # the meeting tests make their own network namespace
command -v janus >/dev/null 2>&1 || need+=(janus) # 一键通 and 视频会商 (the WebRTC SFU the centre supervises)
command -v janus-pp-rec >/dev/null 2>&1 || need+=(janus-tools) # recorded 视频调解: .mjr → WebM/Opus before ffmpeg makes the MP4
{ command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -q .; } || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "missing system packages: ${need[*]}"
  echo "install them with: sudo apt-get update && sudo apt-get install -y ${need[*]}"
fi
