#!/usr/bin/env bash
# Generates OrderBell's icons with ImageMagick (Debian "imagemagick") and png2icns (Debian
# "icnsutils"). The results are committed; run this again only to change them.
#   icon.png (512), icon.ico (16–256), icon.icns       the app icon: a bell on a warm square
#   tray-{online,offline,unhandled}.png + @2x          tray icons per state (Windows, Linux)
#   tray{,Offline,Unhandled}Template.png + @2x         macOS template images (black + alpha)
#   badges/badge-{1..9,9plus}.png                      Windows taskbar overlay numbers
set -euo pipefail
cd "$(dirname "$0")/icons"
FONT=DejaVu-Sans-Bold

# A bell drawn on a 100×100 grid: dome, rim and clapper.
bell() { # size colour output
  local size=$1 colour=$2 out=$3
  convert -size 100x100 xc:none -fill "$colour" -stroke none \
    -draw "path 'M 50,12 C 28,12 24,32 24,50 L 24,66 L 14,76 L 86,76 L 76,66 L 76,50 C 76,32 72,12 50,12 Z'" \
    -draw "circle 50,85 50,93" -draw "roundrectangle 45,6 55,16 3,3" \
    -resize "${size}x${size}" "$out"
}

# App icon: a white bell on a rounded orange square.
convert -size 512x512 xc:none -fill '#c2410c' -draw "roundrectangle 16,16 496,496 96,96" /tmp/ob-square.png
bell 330 white /tmp/ob-bell.png
convert /tmp/ob-square.png /tmp/ob-bell.png -gravity center -composite icon.png
convert icon.png -define icon:auto-resize=256,128,64,48,32,24,16 icon.ico
for size in 16 32 128 256 512; do convert icon.png -resize "${size}x${size}" "/tmp/ob-icns-$size.png"; done
png2icns icon.icns /tmp/ob-icns-{16,32,128,256,512}.png >/dev/null

# Tray icons: a bell with a state dot (green online, red offline, orange with a ring: orders waiting).
tray() { # state bell-colour dot-colour
  local state=$1 colour=$2 dot=$3
  for scale in 1 2; do
    local size=$((16 * scale)) suffix=""
    [ "$scale" = 2 ] && suffix="@2x"
    bell "$size" "$colour" /tmp/ob-tray.png
    local r=$((3 * scale)) c=$((size - 3 * scale - 1))
    convert /tmp/ob-tray.png -fill "$dot" -stroke white -strokewidth "$scale" -draw "circle $c,$c $c,$((c - r))" "tray-$state$suffix.png"
  done
}
tray online '#3f3f46' '#16a34a'
tray offline '#71717a' '#dc2626'
tray unhandled '#c2410c' '#f97316'

# macOS template images: black shapes, the system recolours them.
template() { # name with-dot hollow-dot
  local name=$1 dot=$2
  for scale in 1 2; do
    local size=$((16 * scale)) suffix=""
    [ "$scale" = 2 ] && suffix="@2x"
    bell "$size" black /tmp/ob-template.png
    local r=$((3 * scale)) c=$((size - 3 * scale - 1))
    case "$dot" in
      filled) convert /tmp/ob-template.png -fill black -draw "circle $c,$c $c,$((c - r))" "$name$suffix.png" ;;
      hollow) convert /tmp/ob-template.png -fill none -stroke black -strokewidth "$scale" -draw "circle $c,$c $c,$((c - r))" "$name$suffix.png" ;;
      *) cp /tmp/ob-template.png "$name$suffix.png" ;;
    esac
  done
}
template trayTemplate none
template trayOfflineTemplate hollow
template trayUnhandledTemplate filled

# Windows overlay badges: white numbers on red circles.
for label in 1 2 3 4 5 6 7 8 9 9+; do
  name=${label/+/plus}
  pointsize=22; [ "$label" = "9+" ] && pointsize=16
  convert -size 32x32 xc:none -fill '#dc2626' -draw "circle 16,16 16,1" \
    -fill white -font "$FONT" -pointsize "$pointsize" -gravity center -annotate +0+1 "$label" "badges/badge-$name.png"
done

rm -f /tmp/ob-*.png
