# Shared by ./mvnw, ./run and bin/*: finds a JDK whose feature version is at least $1 (default 21).
# Prints its home directory; returns 1 when there is none.

peerswitch_jdk_version() {  # prints the feature version of the JDK at $1, or nothing
  local release="$1/release"
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
  fi
}

peerswitch_find_jdk() {
  local min="${1:-21}" candidate version best="" best_version=0
  if [ -n "${JAVA_HOME:-}" ]; then
    version="$(peerswitch_jdk_version "$JAVA_HOME")"
    if [ -n "$version" ] && [ "$version" -ge "$min" ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -d "$candidate" ] || continue
    [ -L "$candidate" ] && continue
    version="$(peerswitch_jdk_version "$candidate")"
    if [ -n "$version" ] && [ "$version" -ge "$min" ] && [ "$version" -gt "$best_version" ]; then
      best="$candidate"; best_version="$version"
    fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  if command -v javac >/dev/null 2>&1; then
    candidate="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    version="$(peerswitch_jdk_version "$candidate")"
    if [ -n "$version" ] && [ "$version" -ge "$min" ]; then echo "$candidate"; return 0; fi
  fi
  return 1
}
