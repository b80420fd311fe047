# The check of `packaging/dev.sh package`, sourced by dev.sh (it uses its say, die, as_root,
# CACHE, SUITE and MIRROR). It installs the package with apt-get into a copy of a small Debian 13
# root that has no build tools and no -dev package (made once under the cache folder, like the
# build root: debootstrap minbase plus Xvfb to start the app in), then starts the installed app on
# a .claudette file, runs claudette-cli --version and an offline export, and checks that the
# desktop file, the icons and the MIME type are where the desktop looks.

CHECKROOT="$CACHE/checkroot"
# What the check itself needs besides the package: a display server to start the app in.
CHECKROOT_PACKAGES="xvfb xauth"
CHECKROOT_RECIPE=1
APP_ID=io.github.claudette_qt.Claudette

checkroot_stamp() {
  echo "checkroot $CHECKROOT_RECIPE $SUITE $CHECKROOT_PACKAGES" | sha256sum | cut -d' ' -f1
}

# Runs the shell script $2 inside the root $1 as root, with /proc, /dev and /sys mounted in a
# private mount namespace (nothing stays mounted afterwards).
in_chroot() {
  as_root unshare --mount --propagation private -- /bin/sh -ec '
      root=$1; script=$2
      mount -t proc proc "$root/proc"
      mount --rbind /dev "$root/dev"
      mount -t sysfs sys "$root/sys"
      chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
        DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 /bin/sh -ec "$script"
    ' sh "$1" "$2"
}

create_checkroot() {
  mkdir -p "$CACHE"
  exec 6>"$CACHE/checkroot.lock"
  flock 6
  if [ -f "$CHECKROOT/.claudette-stamp" ] && [ "$(cat "$CHECKROOT/.claudette-stamp")" = "$(checkroot_stamp)" ]; then
    exec 6>&-
    return 0
  fi
  local new="$CACHE/checkroot.new" log="$CACHE/checkroot.log"
  as_root rm -rf "$new"
  : >"$log"
  say "creating the Debian 13 root that packages are checked in (a few minutes, once; log: $log)"
  as_root debootstrap --variant=minbase "$SUITE" "$new" "$MIRROR" >>"$log" 2>&1 ||
    { tail -n 15 "$log" >&2; as_root rm -rf "$new"; die "debootstrap failed; retry: $PROG package"; }
  as_root cp /etc/resolv.conf "$new/etc/resolv.conf"
  # The package lists stay, so that each check's apt-get install resolves dependencies offline of
  # an update; downloaded archives stay too, so later checks do not fetch Qt again.
  in_chroot "$new" "apt-get update; apt-get install -y --no-install-recommends $CHECKROOT_PACKAGES" >>"$log" 2>&1 ||
    { tail -n 15 "$log" >&2; as_root rm -rf "$new"; die "installing $CHECKROOT_PACKAGES failed; retry: $PROG package"; }
  checkroot_stamp | as_root tee "$new/.claudette-stamp" >/dev/null
  as_root rm -rf "$CHECKROOT"
  as_root mv "$new" "$CHECKROOT"
  exec 6>&-
  say "package check root ready"
}

check_package() {
  local deb=$1
  [ -f "$deb" ] || die "no package to check: $deb"
  create_checkroot
  local work="$CACHE/checkroot.work" log="$CACHE/checkroot-check.log"
  as_root rm -rf "$work"
  as_root cp -a "$CHECKROOT" "$work"
  as_root cp /etc/resolv.conf "$work/etc/resolv.conf"
  as_root cp "$deb" "$REPO/samples/showcase.claudette" "$work/tmp/"
  say "checking $(basename "$deb") in a copy of $CHECKROOT (log: $log)"
  # shellcheck disable=SC2016
  if ! in_chroot "$work" '
      app_id='"$APP_ID"'
      fail() { echo "CHECK FAILED: $*"; exit 1; }
      apt-get install -y --no-install-recommends /tmp/claudette-qt_*.deb
      dev=$(dpkg-query -W -f "\${Package}\n" | grep -E -- "-dev\$" || true)
      [ -z "$dev" ] || fail "-dev packages got installed: $dev"
      echo "RESULT installed-size-kb $(dpkg-query -W -f "\${Installed-Size}" claudette-qt)"
      echo "RESULT version $(claudette-cli --version)"
      mkdir -p /tmp/home && export HOME=/tmp/home
      claudette-cli export /tmp/showcase.claudette --to md -o /tmp/showcase.md
      [ -s /tmp/showcase.md ] || fail "export wrote nothing"
      echo "RESULT export $(head -n 1 /tmp/showcase.md)"
      for f in /usr/share/applications/$app_id.desktop /usr/share/metainfo/$app_id.metainfo.xml \
          /usr/share/icons/hicolor/scalable/apps/$app_id.svg \
          /usr/share/icons/hicolor/48x48/apps/$app_id.png \
          /usr/share/icons/hicolor/scalable/mimetypes/application-x-claudette+json.svg \
          /usr/share/man/man1/claudette-cli.1 /usr/share/bash-completion/completions/claudette-cli \
          /usr/share/claudette/samples/tools/calc.json; do
        [ -f "$f" ] || fail "$f is not installed"
      done
      # shared-mime-info'"'"'s trigger compiled the type into the database the desktop reads.
      [ -f /usr/share/mime/application/x-claudette+json.xml ] || fail "the MIME type is not in /usr/share/mime"
      grep -q "x-claudette+json:\*\.claudette" /usr/share/mime/globs2 || fail "*.claudette is not in globs2"
      echo "RESULT mime $(grep "claudette" /usr/share/mime/globs2)"

      Xvfb :71 -screen 0 1440x900x24 -nolisten tcp >/tmp/xvfb.log 2>&1 & xvfb=$!
      export DISPLAY=:71
      for _ in $(seq 50); do [ -e /tmp/.X11-unix/X71 ] && break; sleep 0.1; done
      # Cold start: exec to the first paint, fresh data folders, no file, five runs.
      for run in 1 2 3 4 5; do
        rm -rf /tmp/home/.local /tmp/home/.config /tmp/home/.cache /tmp/ready
        start=$(date +%s%N)
        CLAUDETTE_READY_FILE=/tmp/ready claudette-qt >/tmp/app.log 2>&1 & app=$!
        for _ in $(seq 600); do [ -e /tmp/ready ] && break; sleep 0.01; done
        [ -e /tmp/ready ] || { cat /tmp/app.log; fail "the window did not appear within 6 s"; }
        echo "RESULT cold-start-ms $(( ($(date +%s%N) - start) / 1000000 ))"
        kill $app; wait $app || true
      done
      # The file given on the command line is opened: the app takes its lock.
      rm -f /tmp/ready
      CLAUDETTE_READY_FILE=/tmp/ready claudette-qt /tmp/showcase.claudette >/tmp/app.log 2>&1 & app=$!
      for _ in $(seq 200); do [ -e /tmp/showcase.claudette.lock ] && break; sleep 0.1; done
      [ -e /tmp/showcase.claudette.lock ] || { cat /tmp/app.log; fail "the app did not open /tmp/showcase.claudette"; }
      echo "RESULT opened /tmp/showcase.claudette (its lock: $(head -n 1 /tmp/showcase.claudette.lock))"
      kill $app; wait $app || true
      kill $xvfb; wait $xvfb || true
      echo "RESULT app-log $(tr "\n" " " </tmp/app.log)"
    ' >"$log" 2>&1; then
    grep -E "CHECK FAILED|^E:" "$log" >&2 || tail -n 20 "$log" >&2
    as_root rm -rf "$work"
    die "the package check failed (log: $log)"
  fi
  as_root rm -rf "$work"
  say "package: $deb ($(du -k "$deb" | cut -f1) KiB)"
  grep '^RESULT ' "$log" | sed 's/^RESULT /dev.sh: /' >&2
  say "the package installs, starts, opens a file and runs claudette-cli in a clean Debian 13 root"
}
