# Shared by the bin/ launchers: find a Java 17+ runtime, build the module's jar on first use,
# then exec it. Usage (from a launcher): launch <module-dir> <jar-name> <main-class> [args...]
# A launcher may set LAUNCH_JAVA_OPTS (JVM options) and LAUNCH_CDS_TRAINING (see cds_archive).
set -euo pipefail

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

# The major Java version of a runtime: from its `release` file when it has one (reading a file
# costs nothing; starting a JVM to ask costs ~0.1 s of CPU per launch), else from the JVM itself.
java_major() {
  local c=$1 home v=""
  home=$(dirname "$(dirname "$(readlink -f "$c")")")
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -1)
  fi
  if [ -z "$v" ]; then
    v=$("$c" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)
  fi
  v=${v#1.} # "1.8.0" -> 8
  echo "${v%%.*}"
}

find_java() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in /usr/lib/jvm/*/bin/java; do [ -x "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    [ -x "$c" ] || continue
    local v
    v=$(java_major "$c")
    if [ -n "$v" ] && [ "$v" -ge 17 ] 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  return 1
}

# Application class-data sharing: the JVM maps the classes a training run loaded (parsed and
# verified) from an archive instead of loading them from the jar, which roughly halves the
# start-up of a short command (docs/BENCHMARKS.md, "Checker start-up"). A launcher opts in by
# setting LAUNCH_CDS_TRAINING to a main class that exercises its usual paths. The archive is
# recorded from that class once, beside the jar, under a name that identifies the JVM and the
# jar (path, modification time, size), so a rebuilt jar or another JVM gets its own recording and
# the old one is removed. It is only ever an optimisation: when it is missing, stale or cannot be
# written, the tool starts normally (the JVM also refuses, silently with these -Xlog options, an
# archive that does not match its jar or its build). Prints the archive's path when there is a
# usable one. CHAOSKV_CDS=0 turns it off.
cds_archive() {
  local java=$1 jarpath=$2 training=$3
  [ "${CHAOSKV_CDS:-1}" != 0 ] || return 0
  local real key base jsa
  real=$(readlink -f "$java")
  key=$(printf '%s %s %s %s' "$real" "$(stat -c %Y "$(dirname "$real")/../lib/server/libjvm.so" 2>/dev/null || true)" \
    "$(stat -c '%Y %s' "$jarpath")" "$training" | cksum | cut -d' ' -f1)
  base="${jarpath%.jar}-$key"
  # The archive's name ends in its size: one that was cut short since (a full disk, a bad copy)
  # is not used, as mapping it would crash the JVM.
  jsa=$(compgen -G "$base-*.jsa" | head -1 || true)
  if [ -n "$jsa" ]; then
    local size=${jsa##*-}
    [ "$(stat -c %s "$jsa" 2>/dev/null)" = "${size%.jsa}" ] || jsa=""
  fi
  if [ -z "$jsa" ] && [ ! -f "$base.failed" ] && [ -w "$(dirname "$jarpath")" ]; then
    # One recorder at a time; the archive appears under its name only complete and verified.
    # A failure is remembered, so that a broken environment costs one attempt per jar, not one
    # per start.
    jsa=$( ( flock 8
      found=$(compgen -G "$base-*.jsa" | head -1 || true)
      if [ -n "$found" ] && [ "$(stat -c %s "$found")" = "$(basename "${found##*-}" .jsa)" ]; then
        echo "$found"
      elif [ ! -f "$base.failed" ]; then
        echo "[bin] recording a class-data archive for faster start-up (once per build)..." >&2
        tmp="$base.tmp.$$"
        quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)
        # shellcheck disable=SC2086 # the options are a word list on purpose
        if "$java" -XX:ArchiveClassesAtExit="$tmp" "${quiet[@]}" ${LAUNCH_JAVA_OPTS:-} -cp "$jarpath" "$training" \
             >/dev/null 2>&1 \
           && "$java" -Xshare:on -XX:SharedArchiveFile="$tmp" "${quiet[@]}" -cp "$jarpath" -version >/dev/null 2>&1; then
          rm -f "${jarpath%.jar}"-*.jsa "${jarpath%.jar}"-*.failed # earlier jars' or JVMs'
          final="$base-$(stat -c %s "$tmp").jsa"
          mv -f "$tmp" "$final"
          echo "$final"
        else
          rm -f "$tmp"
          : > "$base.failed"
          echo "[bin] (could not record it; starting without it)" >&2
        fi
      fi
    ) 8>"${jarpath%.jar}.jsa.lock" || true )
  fi
  if [ -n "$jsa" ]; then
    echo "$jsa"
  fi
}

launch() {
  local module=$1 jar=$2 main=$3; shift 3
  local root java
  root=$(repo_root)
  if ! java=$(find_java); then
    echo "error: no Java 17+ found. Install a JDK, which also builds the jars (Debian: apt-get install openjdk-17-jdk-headless)" >&2
    echo "       or point JAVA_HOME at it." >&2
    exit 3
  fi
  local jarpath="$root/$module/target/$jar.jar"
  if [ ! -f "$jarpath" ]; then
    echo "[bin] $module/target/$jar.jar is missing; building it once (./mvnw package -DskipTests)..." >&2
    # A lock so that several launchers started at once build only once.
    ( flock 9
      [ -f "$jarpath" ] || (cd "$root" && JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$java")")")" \
          ./mvnw -q -pl "$module" -am package -DskipTests >&2)
    ) 9>"$root/.build.lock"
    [ -f "$jarpath" ] || { echo "error: build did not produce $jarpath" >&2; exit 3; }
  fi
  local cds=() jsa=""
  if [ -n "${LAUNCH_CDS_TRAINING:-}" ]; then
    jsa=$(cds_archive "$java" "$jarpath" "$LAUNCH_CDS_TRAINING")
    [ -z "$jsa" ] || cds=(-XX:SharedArchiveFile="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  # shellcheck disable=SC2086 # the options are a word list on purpose
  exec "$java" ${cds[@]+"${cds[@]}"} ${LAUNCH_JAVA_OPTS:-} ${JAVA_OPTS:-} -cp "$jarpath" "$main" "$@"
}
