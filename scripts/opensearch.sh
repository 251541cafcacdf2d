#!/usr/bin/env bash
# Real OpenSearch nodes built from Maven Central artifacts (opensearch/pom.xml), no Docker.
#
#   scripts/opensearch.sh start          one node, single-node discovery, prints its URL
#   scripts/opensearch.sh stop           stops it (SIGTERM, node closes cleanly)
#   scripts/opensearch.sh status         health of the running node, exit 1 if none
#   scripts/opensearch.sh cluster-start  NEWSDEX_OS_NODES (3) nodes on loopback ports
#   scripts/opensearch.sh cluster-stop   stops them
#   scripts/opensearch.sh build          only builds (mvn package into opensearch/target)
#
# Settings (environment):
#   NEWSDEX_OS_HEAP     heap per node, default 512m
#   NEWSDEX_OS_PORT     HTTP port of the first node, default 9200 (0 = pick a free one)
#   NEWSDEX_OS_TPORT    transport port of the first node, default HTTP port + 100
#   NEWSDEX_OS_WORK     work dir (data, logs, pid files), default .newsdex/opensearch
#   NEWSDEX_OS_NODES    nodes in cluster-start, default 3
#   NEWSDEX_OS_TIMEOUT  seconds to wait for health, default 120
# Example: NEWSDEX_OS_PORT=9201 scripts/opensearch.sh start && scripts/opensearch.sh stop
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
POM="$ROOT/opensearch/pom.xml"
TARGET="$ROOT/opensearch/target"
JAR="$TARGET/newsdex-opensearch-node-1.0.jar"
HEAP="${NEWSDEX_OS_HEAP:-512m}"
WORK="${NEWSDEX_OS_WORK:-$ROOT/.newsdex/opensearch}"
TIMEOUT="${NEWSDEX_OS_TIMEOUT:-120}"
NODES="${NEWSDEX_OS_NODES:-3}"

die() { echo "opensearch.sh: $*" >&2; exit 1; }

need_tools() {
    command -v java >/dev/null 2>&1 || die "java not found: install a Java 17+ JDK (e.g. apt-get install openjdk-17-jdk-headless)"
    if [ ! -f "$JAR" ] || [ "$POM" -nt "$JAR" ]; then
        command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven 3.8+ (e.g. apt-get install maven) to build the node"
    fi
}

build() {
    need_tools
    if [ -f "$JAR" ] && [ ! "$POM" -nt "$JAR" ] \
        && [ -z "$(find "$ROOT/opensearch/src" -newer "$JAR" -type f 2>/dev/null)" ]; then
        return 0
    fi
    echo "opensearch.sh: building the node (mvn package, log: $WORK/build.log)" >&2
    mkdir -p "$WORK"
    if ! mvn -q -B -f "$POM" package >"$WORK/build.log" 2>&1; then
        tail -20 "$WORK/build.log" >&2
        die "build failed, see $WORK/build.log"
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# launch NAME HTTP_PORT TRANSPORT_PORT SEEDS MASTERS: starts one node in the background
launch() {
    local name="$1" http="$2" tport="$3" seeds="$4" masters="$5"
    local dir="$WORK/$name"
    mkdir -p "$dir/data" "$dir/logs" "$dir/home/config"
    local discovery
    if [ -z "$seeds" ]; then
        discovery=(-Dnewsdex.os.discovery.type=single-node)
    else
        discovery=(-Dnewsdex.os.discovery.seed_hosts="$seeds"
                   -Dnewsdex.os.cluster.initial_cluster_manager_nodes="$masters")
    fi
    nohup java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseSerialGC -Dlog4j2.disable.jmx=true \
        -Djava.io.tmpdir="$dir" \
        -Dnewsdex.os.path.home="$dir/home" -Dnewsdex.os.path.data="$dir/data" \
        -Dnewsdex.os.path.logs="$dir/logs" -Dnewsdex.os.node.name="$name" \
        -Dnewsdex.os.cluster.name=newsdex -Dnewsdex.os.network.host=127.0.0.1 \
        -Dnewsdex.os.http.port="$http" -Dnewsdex.os.transport.port="$tport" \
        -Dnewsdex.os.action.auto_create_index=true \
        -Dnewsdex.os.cluster.routing.allocation.disk.threshold_enabled=false \
        "${discovery[@]}" \
        -cp "$JAR:$TARGET/lib/*" org.newsdex.node.NewsdexNode \
        >"$dir/node.log" 2>&1 </dev/null &
    echo $! >"$dir/pid"
    echo "http://127.0.0.1:$http" >"$dir/url"
    echo "opensearch.sh: $name starting on http://127.0.0.1:$http (log: $dir/node.log)" >&2
}

# wait_health URL PIDFILE...: waits until the cluster is green (yellow accepted)
wait_health() {
    local url="$1"; shift
    local deadline=$((SECONDS + TIMEOUT)) body
    while [ $SECONDS -lt $deadline ]; do
        for pf in "$@"; do
            kill -0 "$(cat "$pf")" 2>/dev/null || die "node $(dirname "$pf") died, see $(dirname "$pf")/node.log"
        done
        body="$(curl -s --max-time 2 "$url/_cluster/health" 2>/dev/null || true)"
        case "$body" in
            *'"status":"green"'*|*'"status":"yellow"'*) echo "opensearch.sh: ready: $url ($body)" >&2; return 0 ;;
        esac
        sleep 1
    done
    die "no green/yellow health at $url after ${TIMEOUT}s, see logs under $WORK"
}

stop_dir() {
    local dir="$1" pid
    [ -f "$dir/pid" ] || return 0
    pid="$(cat "$dir/pid")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -0 "$pid" 2>/dev/null && { echo "opensearch.sh: $pid did not stop, killing" >&2; kill -KILL "$pid"; }
    fi
    rm -f "$dir/pid"
    echo "opensearch.sh: stopped $(basename "$dir")" >&2
}

first_port() {
    local p="${NEWSDEX_OS_PORT:-9200}"
    [ "$p" = 0 ] && p="$(free_port)"
    echo "$p"
}

cmd="${1:-}"
case "$cmd" in
    build) build ;;
    start)
        build
        [ -f "$WORK/node-1/pid" ] && kill -0 "$(cat "$WORK/node-1/pid")" 2>/dev/null \
            && die "already running: $(cat "$WORK/node-1/url") (scripts/opensearch.sh stop)"
        http="$(first_port)"; tport="${NEWSDEX_OS_TPORT:-$(free_port)}"
        launch node-1 "$http" "$tport" "" ""
        wait_health "http://127.0.0.1:$http" "$WORK/node-1/pid"
        echo "http://127.0.0.1:$http"
        ;;
    stop) stop_dir "$WORK/node-1" ;;
    status)
        [ -f "$WORK/node-1/pid" ] && kill -0 "$(cat "$WORK/node-1/pid")" 2>/dev/null || die "not running"
        curl -s "$(cat "$WORK/node-1/url")/_cluster/health"; echo
        ;;
    cluster-start)
        build
        http="$(first_port)"
        https=(); tports=(); seeds=""; masters=""
        for i in $(seq 1 "$NODES"); do
            if [ "$i" = 1 ]; then h="$http"; else h="$(free_port)"; fi
            t="$(free_port)"
            https+=("$h"); tports+=("$t")
            seeds="${seeds:+$seeds,}127.0.0.1:$t"; masters="${masters:+$masters,}cnode-$i"
        done
        pids=()
        for i in $(seq 1 "$NODES"); do
            launch "cnode-$i" "${https[$((i-1))]}" "${tports[$((i-1))]}" "$seeds" "$masters"
            pids+=("$WORK/cnode-$i/pid")
        done
        wait_health "http://127.0.0.1:$http" "${pids[@]}"
        urls=""
        for h in "${https[@]}"; do urls="${urls:+$urls,}http://127.0.0.1:$h"; done
        echo "$urls" >"$WORK/cluster-urls"
        echo "$urls"
        ;;
    cluster-stop)
        for d in "$WORK"/cnode-*; do [ -d "$d" ] && stop_dir "$d"; done
        rm -f "$WORK/cluster-urls"
        ;;
    *) die "usage: scripts/opensearch.sh start|stop|status|cluster-start|cluster-stop|build" ;;
esac
