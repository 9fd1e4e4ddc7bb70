#!/usr/bin/env bash
# A first suggestion through its whole life on the embedded TinyDB store, under the Liwan court profile.
# Usage: bash examples/walkthrough.sh [DATA_HOME]   (default: a new temporary folder)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
lianluo="${LIANLUO_BIN:-$root/.venv/bin/lianluo}"
[ -x "$lianluo" ] || lianluo="lianluo"
export LIANLUO_HOME="${1:-$(mktemp -d -t lianluo-demo.XXXXXX)/home}"
export LIANLUO_USER="${LIANLUO_USER:-联络办书记员}"

step() { printf '\n== %s\n' "$1"; }

step "建立数据目录（荔湾区法院配置）"
"$lianluo" init --profile liwan-court --org 示例区人民法院 --head 周某某
"$lianluo" dept add 立案庭 --head 李某 --leader 王某某
"$lianluo" dept add 民一庭 --head 赵某 --leader 钱某某
"$lianluo" deputy add --name 陈某某 --level district --group 沙面街联组 --phone 13812345678
"$lianluo" session add --name 区十七届人大五次会议 --opens 2026-01-06 --closes 2026-01-09

step "会议期间登记、审批、交办一件建议（第十四条：主办三个月、协办一个月）"
"$lianluo" item register --kind suggestion --title 关于优化诉讼服务中心导诉的建议 --deputy 1 --date 2026-01-08
"$lianluo" item approve 1 --date 2026-01-08
"$lianluo" item assign 1 --lead 立案庭 --co 民一庭 --date 2026-01-12

step "每日运行（补跑停机期间的日子）：提醒、催办、督办（第二十条）"
for day in 2026-01-25 2026-02-10 2026-03-25 2026-04-10 2026-04-17 2026-04-24; do
  "$lianluo" tick --today "$day"
done

step "答复并反馈，办结"
"$lianluo" item reply 1 --category A --text 已增设导诉台 --date 2026-04-28
"$lianluo" item feedback 1 --rating satisfied --date 2026-05-06
"$lianluo" item close 1 --date 2026-05-06
"$lianluo" item show 1
"$lianluo" notices

printf '\n数据目录：%s\n' "$LIANLUO_HOME"
