# Where the newest-Home-Assistant environment lives and how to run in it; sourced by scripts/setup_latest
# and scripts/run_latest.
#
# LATEST_MODE=host: a python3.14 >= 3.14.2 on this machine; the venv is $LATEST_VENV.
# LATEST_MODE=chroot: a Debian forky root at $LATEST_ROOT; the venv is $LATEST_VENV inside it.

if [ "$(id -u)" = 0 ]; then
  LATEST_CACHE="${MINISPLIT_CACHE:-/var/cache/minisplit}"
else
  LATEST_CACHE="${MINISPLIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/minisplit}"
fi
LATEST_ROOT="$LATEST_CACHE/py314-root"
# g++: scripts/develop --latest builds two voice packages that have no Python 3.14 wheels.
LATEST_PACKAGES=python3.14,python3.14-venv,python3.14-dev,gcc,g++,libc6-dev,ca-certificates

# True when the version (X.Y.Z) is a 3.14 at or above 3.14.2, the newest Home Assistant's minimum.
latest_version_ok() {
  case "$1" in
    3.14.*) [ "${1#3.14.}" -ge 2 ] 2>/dev/null ;;
    *) return 1 ;;
  esac
}

latest_detect() {
  local candidate version
  for candidate in python3.14 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.14*/bin/python; do
    if command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ]; then
      version="$("$candidate" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)" \
        || continue
      if latest_version_ok "$version"; then
        LATEST_MODE=host
        LATEST_HOST_PYTHON="$candidate"
        LATEST_VENV="$LATEST_CACHE/venv-latest"
        return 0
      fi
    fi
  done
  LATEST_MODE=chroot
  LATEST_VENV=/opt/minisplit-venv
}

# Unmount whatever is still mounted below the root (a run killed before its trap ran); fail if any stays.
latest_unmount_stale() {
  local target
  [ -r /proc/mounts ] || return 0
  awk -v root="$LATEST_ROOT/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r \
    | while read -r target; do umount -l "$target" 2>/dev/null || true; done
  if awk -v root="$LATEST_ROOT/" 'index($2, root) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    echo "latest_env: mounts below $LATEST_ROOT remain; not touching it" >&2
    return 1
  fi
}

# Run a command in the forky root, in the repository (bind-mounted at its own path), as it is now.
# The mounts live in a private mount namespace of this run only, and a trap unmounts them.
latest_run_in_root() {
  unshare --mount --propagation private -- /bin/bash -c '
    set -eu
    root=$1 repo=$2
    shift 2
    cleanup() { umount -l "$root/dev" "$root/proc" "$root$repo" 2>/dev/null || true; }
    trap cleanup EXIT
    trap "exit 130" INT TERM
    mkdir -p "$root$repo"
    mount --bind "$repo" "$root$repo"
    mount -t proc proc "$root/proc"
    mount --bind /dev "$root/dev"
    status=0
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
      chroot "$root" /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$repo" "$@" || status=$?
    exit "$status"
  ' latest-root "$LATEST_ROOT" "$(pwd -P)" "$@"
}

# Run a command with the newest release's venv first on PATH, host or chroot.
latest_run() {
  if [ "$LATEST_MODE" = host ]; then
    PATH="$LATEST_VENV/bin:$PATH" VIRTUAL_ENV="$LATEST_VENV" "$@"
  else
    latest_run_in_root env PATH="$LATEST_VENV/bin:/usr/local/bin:/usr/bin:/bin" VIRTUAL_ENV="$LATEST_VENV" "$@"
  fi
}
