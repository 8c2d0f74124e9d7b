# Shared by the bin/ launchers: find a Java 17+ runtime, build the module's jar on first use,
# then exec it. Usage (from a launcher): launch <module-dir> <jar-name> <main-class> [args...]
set -euo pipefail

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

find_java() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in /usr/lib/jvm/*/bin/java; do [ -x "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    local v
    v=$("$c" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)
    if [ -n "$v" ] && [ "${v%%.*}" -ge 17 ] 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  return 1
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
  # shellcheck disable=SC2086 # the options are a word list on purpose
  exec "$java" ${LAUNCH_JAVA_OPTS:-} ${JAVA_OPTS:-} -cp "$jarpath" "$main" "$@"
}
