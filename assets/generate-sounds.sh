#!/usr/bin/env bash
# Generates OrderBell's alert sounds with sox (Debian package "sox"). The results are
# committed; run this again only to change them.
#   new-order-chime.wav    two bright ascending tones (the default)
#   new-order-bell.wav     a struck bell with a long decay
#   new-order-marimba.wav  three short woody notes
#   escalation.wav         faster, louder, higher triple: "this has waited too long"
#   offline.wav            a low falling pair: distinct from any order sound
#   silence.wav            0.1 s of nothing: the web view plays it to learn whether the browser allows sound
set -euo pipefail
cd "$(dirname "$0")/sounds"
rate=(-r 22050 -c 1 -b 16)

tone() { # file seconds synth-args... : one shaped tone
  local out=$1 len=$2; shift 2
  sox -n "${rate[@]}" "$out" synth "$len" "$@" fade l 0.005 "$len" 0.25
}

tone /tmp/ob-c1.wav 0.35 sine 880 sine 1760 remix 1,2
tone /tmp/ob-c2.wav 0.55 sine 1318.5 sine 2637 remix 1,2
sox /tmp/ob-c1.wav /tmp/ob-c2.wav new-order-chime.wav norm -1

sox -n "${rate[@]}" new-order-bell.wav synth 1.4 sine 659.3 sine 1318.5 sine 1977 remix 1,2,3 fade l 0.002 1.4 1.3 norm -1

tone /tmp/ob-m1.wav 0.18 sine 523.3 sine 2093 remix 1,2
tone /tmp/ob-m2.wav 0.18 sine 659.3 sine 2637 remix 1,2
tone /tmp/ob-m3.wav 0.40 sine 784 sine 3136 remix 1,2
sox /tmp/ob-m1.wav /tmp/ob-m2.wav /tmp/ob-m3.wav new-order-marimba.wav norm -1

tone /tmp/ob-e.wav 0.16 square 1568 sine 3136 remix 1,2
sox /tmp/ob-e.wav /tmp/ob-e.wav /tmp/ob-e.wav /tmp/ob-e.wav /tmp/ob-e.wav /tmp/ob-e.wav escalation.wav norm -0.5

tone /tmp/ob-o1.wav 0.45 triangle 392
tone /tmp/ob-o2.wav 0.65 triangle 261.6
sox /tmp/ob-o1.wav /tmp/ob-o2.wav offline.wav norm -1

sox -n "${rate[@]}" silence.wav trim 0 0.1

rm -f /tmp/ob-*.wav
