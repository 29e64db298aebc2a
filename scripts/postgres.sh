# Sourced by scripts/test.sh (bash): a throw-away PostgreSQL for the store tests.
#
# Installs PostgreSQL from Debian's packages when initdb/pg_ctl are missing, creates a cluster in
# .postgres/ (gitignored; under /tmp when the postgres user cannot reach the checkout), starts it
# on 127.0.0.1 (port 54329, or the next free one), creates the database switchboard_test, exports
# SWITCHBOARD_TEST_POSTGRES_URL and stops the server when the sourcing shell exits. Sourcing it
# again reuses a server that is already running (and then leaves stopping it to whoever started
# it). As root the server runs as the `postgres` user, since PostgreSQL refuses to run as root.

switchboard_pg_main() {
    local root state bin data log port user url
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

    bin="$(switchboard_pg_bin)" || {
        echo "==> installing PostgreSQL (apt-get install postgresql)"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
        bin="$(switchboard_pg_bin)" || { echo "postgres.sh: initdb/pg_ctl not found after installing" >&2; return 1; }
    }

    user="$(id -un)"
    if [ "$(id -u)" = 0 ]; then user=postgres; fi
    state="$root/.postgres"
    mkdir -p "$state"
    if [ "$user" != "$(id -un)" ]; then
        chown "$user" "$state"
        # A checkout the postgres user cannot reach (a private parent folder): keep the cluster in
        # a folder of its own under /tmp instead, named after the checkout so reruns find it.
        if ! runuser -u "$user" -- test -w "$state"; then
            state="${TMPDIR:-/tmp}/switchboard-postgres-$(printf %s "$root" | cksum | cut -d' ' -f1)"
            mkdir -p "$state"
            chown "$user" "$state"
            chmod 700 "$state"
        fi
    fi
    data="$state/data"
    log="$state/server.log"

    if [ ! -s "$data/PG_VERSION" ]; then
        switchboard_pg_as "$user" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
    fi

    if switchboard_pg_as "$user" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        port="$(sed -n 4p "$data/postmaster.pid")"
        echo "==> PostgreSQL already running on 127.0.0.1:$port"
    else
        port="${SWITCHBOARD_TEST_POSTGRES_PORT:-54329}"
        while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
        switchboard_pg_as "$user" "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=off -c max_connections=200" \
            start >/dev/null || { echo "postgres.sh: PostgreSQL did not start; see $log" >&2; tail -20 "$log" >&2; return 1; }
        SWITCHBOARD_PG_STOP="switchboard_pg_as '$user' '$bin/pg_ctl' -D '$data' -m fast stop >/dev/null 2>&1 || true"
        trap 'eval "$SWITCHBOARD_PG_STOP"' EXIT
        trap 'exit 130' INT TERM
        echo "==> PostgreSQL started on 127.0.0.1:$port ($data)"
    fi

    local tries=0
    until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; do
        tries=$((tries + 1))
        [ "$tries" -ge 60 ] && { echo "postgres.sh: PostgreSQL does not accept connections" >&2; return 1; }
        sleep 0.5
    done

    if [ -z "$("$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'switchboard_test'")" ]; then
        "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE switchboard_test" >/dev/null
    fi

    url="postgres://postgres@127.0.0.1:$port/switchboard_test"
    export SWITCHBOARD_TEST_POSTGRES_URL="$url"
    echo "==> SWITCHBOARD_TEST_POSTGRES_URL=$url"
}

# The folder holding initdb and pg_ctl: on the PATH, else Debian's newest /usr/lib/postgresql/N/bin.
switchboard_pg_bin() {
    local initdb dir
    initdb="$(command -v initdb 2>/dev/null)"
    if [ -n "$initdb" ] && [ -x "$(dirname "$(readlink -f "$initdb")")/pg_ctl" ]; then
        dirname "$(readlink -f "$initdb")"
        return 0
    fi
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
    return 1
}

# Runs a command as USER (directly when that is who we are).
switchboard_pg_as() {
    local user="$1"
    shift
    if [ "$user" = "$(id -un)" ]; then
        "$@"
    else
        runuser -u "$user" -- "$@"
    fi
}

switchboard_pg_main
