# Sourced by bin/guanjia, bin/test and .ci/run: makes JAVA_HOME and PATH point at a JDK 21 or newer.
# Order: JAVA_HOME if it is new enough, then `java` on PATH, then JDKs under /usr/lib/jvm.

guanjia_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

guanjia_select_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    major=$(guanjia_java_major "$candidate/bin/java")
    major=${major%%.*}
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "Guanjia needs a JDK 21 or newer; none found. Install one (e.g. apt-get install openjdk-21-jdk-headless or a Temurin JDK) and set JAVA_HOME." >&2
  return 1
}

guanjia_select_jdk
