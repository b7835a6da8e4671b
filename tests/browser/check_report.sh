#!/usr/bin/env bash
# Renders a capsim report.html in headless Chromium and checks what a reader would see:
#   1. a screenshot (1280x2400) is written and is not blank;
#   2. every <svg> chart has a visible size and data marks (class="mark": bars, curves) that
#      the browser laid out with a non-empty box, measured by Chromium itself: a probe script
#      is added to a COPY of the page (the report has no scripts) and its findings are read
#      back from --dump-dom;
#   3. the page writes nothing to the console and loads no resource: it is self-contained.
#
# Console messages: with --enable-logging=stderr --v=0, Chromium writes every console
# message (console.log/error, uncaught exceptions) to stderr as one line containing
# "CONSOLE" ("...:INFO:CONSOLE:12] \"Uncaught ReferenceError: ...\"" since about version 120,
# "...:INFO:CONSOLE(12)] ..." before), at INFO level whatever the message's own level. The
# report has no scripts, so any such line is a failure. A canary page that logs an error is
# checked first, so a Chromium that changes its log format fails this test instead of
# letting it pass blind. Chromium's own noise on stderr (D-Bus, GPU) never says "CONSOLE".
# Resources: the probe counts performance.getEntriesByType("resource"); a self-contained
# page has none. Host names resolve to nothing (--host-resolver-rules), so nothing leaves.
#
# Usage: check_report.sh REPORT_HTML [SCREENSHOT_PNG]   (default: beside the report)
# Exit: 0 pass, 1 fail, 77 skipped because no chromium is installed (ctest SKIP_RETURN_CODE).
set -euo pipefail

readonly kSkipped=77
readonly kMinScreenshotBytes=20000 # a blank 1280x2400 page compresses to a few kB

report=${1:?usage: check_report.sh REPORT_HTML [SCREENSHOT_PNG]}
if [[ ! -s $report ]]; then
  echo "FAIL: no report at $report" # checked before the skip: capsim must have written it
  exit 1
fi
report=$(realpath "$report")
screenshot=$(realpath -m "${2:-${report%.html}.png}")

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
  echo "SKIPPED: chromium is not installed (apt-get install chromium)"
  exit $kSkipped
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run_browser LOG ARGS...: one headless run, stderr to LOG, stdout to the caller.
run_browser() {
  local log=$1
  shift
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" --host-resolver-rules="MAP * ~NOTFOUND" \
    --enable-logging=stderr --v=0 "$@" 2>"$log"
}

console_lines() { grep -E 'CONSOLE[:(]' "$1" || true; }

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# The canary: proves that console errors do reach the log in this Chromium.
cat >"$work/canary.html" <<'EOF'
<!DOCTYPE html><html><body><script>console.error("capsim-canary");</script></body></html>
EOF
run_browser "$work/canary.log" --dump-dom "file://$work/canary.html" >/dev/null
if ! console_lines "$work/canary.log" | grep -q capsim-canary; then
  echo "FAIL: Chromium's console log format changed; cannot check console errors"
  exit 1
fi

# 1. The screenshot, and the console of the unmodified page.
rm -f "$screenshot"
run_browser "$work/screenshot.log" --hide-scrollbars --window-size=1280,2400 \
  --screenshot="$screenshot" "file://$report" >/dev/null
if [[ ! -s $screenshot ]]; then
  fail "no screenshot written"
elif (($(stat -c %s "$screenshot") < kMinScreenshotBytes)); then
  fail "screenshot $screenshot looks blank ($(stat -c %s "$screenshot") bytes)"
fi
if [[ -n $(console_lines "$work/screenshot.log") ]]; then
  fail "console messages:"
  console_lines "$work/screenshot.log"
fi

# 2. and 3. The probe, on a copy of the page.
# shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
probe='<script>
(() => {
  const lines = [];
  const charts = document.querySelectorAll("svg");
  lines.push("charts " + charts.length);
  charts.forEach((chart, i) => {
    const marks = [...chart.querySelectorAll(".mark")];
    const drawn = marks.filter(m => { const b = m.getBBox(); return b.width > 0 && b.height > 0; });
    const box = chart.getBoundingClientRect();
    lines.push(`chart ${i} marks ${marks.length} drawn ${drawn.length} size ${Math.round(box.width)}x${Math.round(box.height)} title ${chart.getAttribute("aria-label")}`);
  });
  lines.push("resources " + performance.getEntriesByType("resource").length);
  const out = document.createElement("pre");
  out.id = "capsim-probe";
  out.textContent = lines.join("\n");
  document.body.append(out);
})();
</script>'
PROBE=$probe awk '/<\/body>/ { print ENVIRON["PROBE"] } { print }' "$report" >"$work/probe.html"
run_browser "$work/probe.log" --dump-dom "file://$work/probe.html" >"$work/dom.html"
findings=$(sed -n '/<pre id="capsim-probe">/,/<\/pre>/p' "$work/dom.html")
echo "$findings" | sed -e 's/<[^>]*>//g' -e 's/^/  /'

charts=$(echo "$findings" | sed -n 's/.*charts \([0-9]*\).*/\1/p')
[[ ${charts:-0} -ge 1 ]] || fail "no charts found"
while read -r line; do
  read -r _ index _ marks _ drawn _ size _ <<<"$line"
  if ((marks == 0 || drawn == 0)) || [[ $size == 0x* || $size == *x0 ]]; then
    fail "chart $index has nothing drawn: $line"
  fi
done < <(echo "$findings" | grep -E '^chart [0-9]+ ')
resources=$(echo "$findings" | sed -n 's/.*resources \([0-9]*\).*/\1/p')
[[ ${resources:-x} == 0 ]] || fail "the page loads ${resources:-unknown} resources"
if [[ -n $(console_lines "$work/probe.log") ]]; then
  fail "console messages with the probe:"
  console_lines "$work/probe.log"
fi

echo "screenshot: $screenshot"
if ((failures > 0)); then
  exit 1
fi
echo "PASS: $report renders $charts charts, all drawn, with no console messages"
