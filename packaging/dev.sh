#!/usr/bin/env bash
# claudette-qt developer entry point: build, run, test, benchmark.
#
# Builds natively where every dependency is found at the required version (Qt >= 6.8 with
# HttpServer, KF6 SyntaxHighlighting, QtKeychain, clang tools); otherwise makes a Debian 13 (trixie)
# build root once under the user's cache folder and runs every build and program inside it, as the
# calling user, in a private mount namespace (bubblewrap). See docs/architecture.md, "Build platform".
set -Eeuo pipefail

PROG=packaging/dev.sh
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
PKGLIST="$REPO/packaging/buildroot-packages.txt"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/claudette-qt"
ROOT="$CACHE/buildroot"
SUITE=trixie
MIRROR="${CLAUDETTE_MIRROR:-http://deb.debian.org/debian}"
# Bump when the recipe below changes in a way the package list does not show.
RECIPE_VERSION=1

usage() {
  cat <<EOF
usage: $PROG COMMAND [ARGS]

  run [APP ARGS]                 build (Release) if needed and start claudette-qt
  test                           build with clang + ASan/UBSan, check format and tidy, run all tests
  cli ARGS...                    build (Release) if needed and run claudette-cli ARGS
  bench [NAME...]                build Release and run the benchmarks under tests/bench
  build test|release|package [TARGET...]  build one tree (all of it, or the named targets)
  check REGEX                    build the test tree's targets named by REGEX and run them (ctest -R)
  shell [CMD...]                 a shell (or CMD) in the build environment
  format                         apply clang-format to the sources in place
  screenshot OUT.png [-- ARGS]   start the app under Xvfb and write a screenshot to OUT.png
  package                        build the Debian package (build/package) and check it in a clean
                                 Debian 13 root: install, start the app, run claudette-cli

Environment: CLAUDETTE_BUILDROOT=auto|always|never (default auto: native when possible).
EOF
}

say() { printf '%s: %s\n' "dev.sh" "$*" >&2; }
die() { say "$*"; exit 1; }

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# ---------------------------------------------------------------------------------------------
# Native or build root?

find_cmake_package() {
  local name=$1 dir
  for dir in ${CMAKE_PREFIX_PATH//:/ } /usr/local /usr; do
    compgen -G "$dir/lib/*/cmake/$name/${name}Config.cmake" >/dev/null && return 0
    compgen -G "$dir/lib/cmake/$name/${name}Config.cmake" >/dev/null && return 0
    compgen -G "$dir/share/cmake/$name/${name}Config.cmake" >/dev/null && return 0
  done
  return 1
}

native_ok() {
  case "${CLAUDETTE_BUILDROOT:-auto}" in
    always) return 1 ;;
    never) return 0 ;;
  esac
  local tool v
  for tool in cmake ninja clang clang++ clang-format clang-tidy; do
    command -v "$tool" >/dev/null || return 1
  done
  v=$(pkg-config --modversion Qt6Core 2>/dev/null) || return 1
  version_ge "$v" 6.8 || return 1
  for pkg in Qt6HttpServer KF6SyntaxHighlighting Qt6Keychain; do
    find_cmake_package "$pkg" || return 1
  done
  [ -e /usr/include/simdjson.h ] && [ -d /usr/include/valijson ] && [ -e /usr/include/md4c.h ]
}

stamp_of_list() {
  { echo "recipe $RECIPE_VERSION suite $SUITE"; cat "$PKGLIST"; } | sha256sum | cut -d' ' -f1
}

root_current() {
  [ -f "$ROOT/.claudette-stamp" ] && [ "$(cat "$ROOT/.claudette-stamp")" = "$(stamp_of_list)" ]
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

packages() { grep -v '^[[:space:]]*#' "$PKGLIST" | tr -s ' \n' '\n' | grep -v '^$'; }

# Creates the root beside the old one and swaps it in only when complete. Holds a lock so that
# concurrent invocations wait instead of building twice.
create_root() {
  mkdir -p "$CACHE"
  local lock="$CACHE/buildroot.lock"
  exec 8>"$lock"
  if ! flock -n 8; then
    say "waiting for another dev.sh that is creating the build root..."
    flock 8
  fi
  if root_current; then exec 8>&-; return 0; fi

  if [ "$(id -u)" -ne 0 ]; then
    say "sudo is needed once to create the Debian 13 build root in $ROOT:"
    say "debootstrap and apt-get must run as root. Builds and programs then run as you, without sudo."
  fi
  local host_tools=()
  command -v debootstrap >/dev/null || host_tools+=(debootstrap)
  command -v bwrap >/dev/null || host_tools+=(bubblewrap)
  if [ ${#host_tools[@]} -gt 0 ]; then
    say "installing on this machine: ${host_tools[*]}"
    as_root apt-get update -qq || die "apt-get update failed; check the network and retry: $PROG $CMD"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${host_tools[@]}" >/dev/null ||
      die "could not install ${host_tools[*]}; install them yourself (apt-get install ${host_tools[*]}) and retry"
  fi

  local new="$CACHE/buildroot.new" log="$CACHE/buildroot.log" step
  as_root rm -rf "$new"
  : >"$log"
  say "creating the Debian 13 build root (a few minutes, once; log: $log)"
  # The handler writes to the terminal's stderr (fd 7): it may fire inside a command whose output
  # goes to the log.
  exec 7>&2
  trap 'trap - ERR; {
      say "creating the build root failed while: $step"
      say "last lines of $log:"
      tail -n 15 "$log"
      as_root rm -rf "$new"
      say "nothing half-made was kept; retry with: $PROG $CMD"
    } >&7 2>&7; exit 1' ERR
  step="debootstrap $SUITE from $MIRROR"
  as_root debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$new" "$MIRROR" >>"$log" 2>&1
  as_root cp /etc/resolv.conf "$new/etc/resolv.conf"
  step="installing the packages of packaging/buildroot-packages.txt"
  # shellcheck disable=SC2046
  as_root unshare --mount --propagation private -- /bin/sh -ec '
      new=$1; shift
      mount -t proc proc "$new/proc"
      mount --rbind /dev "$new/dev"
      mount -t sysfs sys "$new/sys"
      chroot "$new" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
        /bin/sh -ec "apt-get update; apt-get install -y --no-install-recommends $*; apt-get clean"
    ' sh "$new" $(packages) >>"$log" 2>&1
  step="stamping and swapping in the new root"
  stamp_of_list | as_root tee "$new/.claudette-stamp" >/dev/null
  if [ -e "$ROOT" ]; then
    as_root rm -rf "$CACHE/buildroot.old"
    as_root mv "$ROOT" "$CACHE/buildroot.old"
  fi
  as_root mv "$new" "$ROOT"
  as_root rm -rf "$CACHE/buildroot.old"
  trap - ERR
  say "build root ready"
  exec 8>&-
}

# Variables passed into the build environment; everything else is cleared.
passed_env() {
  local name
  for name in HOME USER LOGNAME TERM LANG LC_ALL CI DISPLAY WAYLAND_DISPLAY XAUTHORITY \
    DBUS_SESSION_BUS_ADDRESS http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY \
    ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS COLUMNS; do
    [ -n "${!name+x}" ] && printf '%s\n' "$name"
  done
  compgen -e | grep -E '^(QT_|XDG_|CLAUDETTE_)' || true
  if [ "$CMD" != test ]; then
    compgen -e | grep -E '^(ANTHROPIC_|AWS_|GOOGLE_)' || true
  fi
}

# Runs "$@" inside the build root as the calling user.
enter_root() {
  local args=(--die-with-parent --clearenv)
  local entry target
  for entry in "$ROOT"/*; do
    local name=${entry##*/}
    if [ -L "$entry" ]; then
      target=$(readlink "$entry")
      args+=(--symlink "$target" "/$name")
    elif [ -d "$entry" ]; then
      case "$name" in
        proc | dev | sys | tmp | run | home | root | mnt | media | srv | boot) ;;
        *) args+=(--ro-bind "$entry" "/$name") ;;
      esac
    fi
  done
  args+=(--proc /proc --dev-bind /dev /dev --ro-bind /sys /sys --tmpfs /run --bind /tmp /tmp)
  for f in /etc/resolv.conf /etc/hosts /etc/passwd /etc/group; do
    [ -e "$f" ] && args+=(--ro-bind "$f" "$f")
  done
  args+=(--bind "$HOME" "$HOME")
  if [ -n "${XDG_RUNTIME_DIR:-}" ] && [ -d "$XDG_RUNTIME_DIR" ]; then
    args+=(--bind "$XDG_RUNTIME_DIR" "$XDG_RUNTIME_DIR")
  fi
  args+=(--bind "$REPO" "$REPO" --bind "$PWD" "$PWD")
  # The folder of every absolute path given as an argument, so files named there are the user's.
  # (The first two arguments are this script's own interpreter and path.)
  local a dir
  for a in "${@:3}"; do
    case "$a" in
      /usr | /usr/* | /etc | /etc/* | /bin | /bin/* | /sbin | /sbin/* | /lib | /lib/* | /lib64 | /lib64/* | /var | /var/* | /opt | /opt/* | /proc | /proc/* | /sys | /sys/* | /dev | /dev/* | /run | /run/*) ;;
      /*)
        dir=$a
        [ -d "$dir" ] || dir=$(dirname "$a")
        [ -d "$dir" ] && args+=(--bind "$dir" "$dir")
        ;;
    esac
  done
  local name
  while read -r name; do
    args+=(--setenv "$name" "${!name}")
  done < <(passed_env)
  args+=(--setenv PATH /usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin --setenv CLAUDETTE_INSIDE 1)
  args+=(--setenv CLAUDETTE_CACHE "$CACHE" --chdir "$PWD")
  exec bwrap "${args[@]}" "$@"
}

# ---------------------------------------------------------------------------------------------
# Inside the build environment (native, or the root).

build_tree() {
  local kind=$1
  shift
  local dir="$REPO/build/$kind"
  mkdir -p "$REPO/build"
  exec 9>"$REPO/build/.$kind.lock"
  if ! flock -n 9; then
    say "waiting for the build lock of build/$kind (another dev.sh is building)..."
    flock 9
  fi
  export CCACHE_DIR="${CLAUDETTE_CACHE:-$CACHE}/ccache"
  export CCACHE_MAXSIZE=5G
  # Paths under the checkout hash as relative ones, so worktrees and fresh clones share the cache.
  export CCACHE_BASEDIR="$REPO"
  # -g puts the working directory into the hash by default (hash_dir), which defeats sharing
  # between clones: paths in debug info may then name the clone that filled the cache.
  export CCACHE_NOHASHDIR=true
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  if [ ! -f "$dir/build.ninja" ]; then
    case "$kind" in
      test)
        cmake -S "$REPO" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
          -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
          -DCLAUDETTE_SANITIZE=ON -DCLAUDETTE_WERROR=ON -DCLAUDETTE_FUZZ=ON \
          -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "${launcher[@]}" >&2
        ;;
      release)
        cmake -S "$REPO" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
          -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" >&2
        ;;
      package)
        cmake -S "$REPO" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLAUDETTE_TESTS=OFF \
          -DCMAKE_INSTALL_PREFIX=/usr \
          -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" >&2
        ;;
    esac
  fi
  # Build output goes to stderr, and only when something was built: stdout belongs to the
  # program that `run` and `cli` start (`dev.sh cli --json | jq` must get JSON alone).
  cmake --build "$dir" "$@" 2>&1 |
    sed -u -e '/^ninja: no work to do\.$/d' -e '/Re-checking globbed directories/d' >&2
}

release_lock() { exec 9>&-; }

source_files() {
  (cd "$REPO" && find src tests -type f \( -name '*.cpp' -o -name '*.h' \) -not -path 'tests/data/*' | sort)
}

check_format() {
  say "clang-format --dry-run --Werror"
  (cd "$REPO" && source_files | xargs clang-format --dry-run --Werror)
}

check_tidy() {
  local files base
  cd "$REPO"
  base=$(git describe --tags --abbrev=0 --match 'v*' 2>/dev/null || true)
  # Tags do not always travel with a clone; packaging/tidy-base names the last release's commit.
  if [ -z "$base" ] && [ -f packaging/tidy-base ]; then
    base=$(tr -d '[:space:]' <packaging/tidy-base)
    git cat-file -e "$base^{commit}" 2>/dev/null || base=""
  fi
  if [ -n "$base" ]; then
    files=$(git diff --name-only "$base" -- 'src/*.cpp' | sort)
  else
    files=$(find src -name '*.cpp' | sort)
  fi
  [ -n "$files" ] || return 0
  say "clang-tidy on $(echo "$files" | wc -l) files${base:+ changed since $base}"
  # shellcheck disable=SC2086
  run-clang-tidy -quiet -p build/test -j "$(nproc)" $files >build/test/clang-tidy.log 2>&1 || {
    grep -E 'warning:|error:' build/test/clang-tidy.log | head -n 50 >&2
    die "clang-tidy found problems (full log: build/test/clang-tidy.log)"
  }
}

# The environment every test runs in (dev.sh test and dev.sh check alike).
run_ctest() {
  cd "$REPO/build/test"
  QT_QPA_PLATFORM=offscreen ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
    LSAN_OPTIONS="suppressions=$REPO/tests/lsan.supp:print_suppressions=0" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    ctest --output-on-failure -j "$(nproc)" --timeout 900 "$@"
}

# The first argument (test or release) was checked before entering the build environment.
inside_build() {
  local kind=$1
  shift
  local targets=()
  [ $# -gt 0 ] && targets=(--target "$@")
  build_tree "$kind" "${targets[@]}"
}

# Builds only what the tests matching REGEX need, and the fake API program, then runs them.
# Building the fake API first also re-globs the test folders, so a new tst_*.cpp is a test.
# A test <area>/tst_<name> is the target <area>_tst_<name> (tests/CMakeLists.txt); other tests
# name their executables in their command. ctest leaves out the command of an executable that
# is not built yet, which is why the name comes first.
inside_check() {
  local regex=$1 targets
  build_tree test --target claudette-fake-api >/dev/null
  targets=$(cd "$REPO/build/test" && ctest --show-only=json-v1 -R "$regex" | python3 -c '
import json, os, re, sys
build = sys.argv[1]
names = set()
for test in json.load(sys.stdin).get("tests", []):
    if re.fullmatch(r"(core|render|gui|cli|packaging)/tst_\w+", test["name"]):
        names.add(test["name"].replace("/", "_"))
    for word in test.get("command", []):
        if word.startswith(build + "/") and os.path.basename(word).split("_")[0] in ("core", "render", "gui", "cli", "fuzz"):
            names.add(os.path.basename(word))
print(" ".join(sorted(names)))' "$REPO/build/test")
  [ -n "$targets" ] || die "no test matches '$regex'"
  # shellcheck disable=SC2086
  build_tree test --target $targets
  release_lock
  run_ctest -R "$regex"
}

inside_test() {
  check_format
  build_tree test
  check_tidy
  say "running the tests"
  run_ctest
  release_lock
  say "checking that dev.sh cli leaves stdout to the program (builds claudette-cli in Release)"
  "$REPO/tests/scripts/devsh-stdout.sh"
}

have_display() { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }

inside_run() {
  build_tree release --target claudette-qt
  release_lock
  if ! have_display; then
    say "no display: neither DISPLAY nor WAYLAND_DISPLAY is set."
    say "run this from a desktop session (X11 or Wayland), or forward X with 'ssh -X',"
    say "or take a picture instead: $PROG screenshot /tmp/claudette.png"
    exit 1
  fi
  exec "$REPO/build/release/src/app/claudette-qt" "$@"
}

inside_cli() {
  build_tree release --target claudette-cli
  release_lock
  exec "$REPO/build/release/src/cli/claudette-cli" "$@"
}

inside_bench() {
  build_tree release
  release_lock
  local b
  for b in "$REPO"/build/release/tests/bench/bench_*; do
    [ -x "$b" ] || continue
    if [ $# -gt 0 ] && [[ " $* " != *" ${b##*/bench_} "* ]]; then continue; fi
    say "benchmark ${b##*/}"
    QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" CLAUDETTE_SOURCE_DIR="$REPO" "$b"
  done
}

inside_screenshot() {
  local out=$1
  shift
  [ "${1:-}" = "--" ] && shift
  build_tree release --target claudette-qt
  release_lock
  case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
  local ready
  ready=$(mktemp -u /tmp/claudette-ready.XXXXXX)
  CLAUDETTE_READY_FILE="$ready" xvfb-run -a -s "-screen 0 1440x900x24" /bin/bash -c '
      app=$1; out=$2; ready=$3; shift 3
      "$app" --geometry 1440x900+0+0 "$@" & pid=$!
      for _ in $(seq 1 300); do [ -e "$ready" ] && break; kill -0 $pid 2>/dev/null || exit 1; sleep 0.1; done
      [ -e "$ready" ] || { echo "the window did not appear within 30 s" >&2; kill $pid; exit 1; }
      sleep "${CLAUDETTE_SCREENSHOT_DELAY:-1.5}"
      import -window root "$out"; rc=$?
      kill $pid 2>/dev/null; wait $pid 2>/dev/null
      exit $rc
    ' bash "$REPO/build/release/src/app/claudette-qt" "$out" "$ready" "$@"
  rm -f "$ready"
  say "wrote $out"
}

# The Debian package of a Release tree without the tests: build/package/claudette-qt_*.deb.
inside_package() {
  build_tree package
  release_lock
  rm -f "$REPO"/build/package/claudette-qt_*.deb
  (cd "$REPO/build/package" && cpack --config CPackConfig.cmake >&2)
  compgen -G "$REPO/build/package/claudette-qt_*.deb" >/dev/null || die "cpack made no package"
}

inside() {
  local sub=$1
  shift
  case "$sub" in
    test) inside_test "$@" ;;
    run) inside_run "$@" ;;
    cli) inside_cli "$@" ;;
    bench) inside_bench "$@" ;;
    build) inside_build "$@" ;;
    check) inside_check "$@" ;;
    screenshot) inside_screenshot "$@" ;;
    package) inside_package "$@" ;;
    shell) if [ $# -gt 0 ]; then exec "$@"; else exec bash -i; fi ;;
    format) (cd "$REPO" && source_files | xargs clang-format -i) ;;
  esac
}

# ---------------------------------------------------------------------------------------------

CMD=${1:-}
[ $# -gt 0 ] && shift
case "$CMD" in
  run | test | cli | bench | shell | format | package) ;;
  screenshot | check) [ $# -ge 1 ] || { usage >&2; exit 2; } ;;
  build) case "${1:-}" in test | release | package) ;; *) usage >&2; exit 2 ;; esac ;;
  -h | --help | help) usage; exit 0 ;;
  *)
    [ -n "$CMD" ] && say "unknown command: $CMD"
    usage >&2
    exit 2
    ;;
esac

if [ "$CMD" = package ] && [ -z "${CLAUDETTE_INSIDE:-}" ]; then
  # Built in the build environment, checked on this machine in a root of its own (as root).
  if native_ok; then
    (inside package)
  else
    if ! root_current; then
      create_root
    fi
    (enter_root /bin/bash "$REPO/packaging/dev.sh" package)
  fi
  # shellcheck source=packaging/checkpackage.sh
  source "$REPO/packaging/checkpackage.sh"
  check_package "$REPO"/build/package/claudette-qt_*.deb
elif [ -n "${CLAUDETTE_INSIDE:-}" ] || native_ok; then
  inside "$CMD" "$@"
else
  # Not `root_current || create_root`: inside a || list bash ignores `set -e` and the ERR trap
  # that cleans up a failed creation.
  if ! root_current; then
    create_root
  fi
  enter_root /bin/bash "$REPO/packaging/dev.sh" "$CMD" "$@"
fi
