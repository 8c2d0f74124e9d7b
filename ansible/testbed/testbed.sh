#!/usr/bin/env bash
# testbed.sh: a test bed of N "hosts" on this machine, for trying site.yml and the chaos runner
# over real SSH without real machines.
#
#   testbed.sh up N    N hosts n1..nN: network namespaces on a bridge, each with its own sshd
#   testbed.sh down    removes everything `up` made; safe to run twice
#   testbed.sh --help  this text
#
# Host i is the namespace ckvtb-n<i> with the address 198.18.0.<i+1>/24 on eth0 (a veth
# to the bridge ckvtb-br0, which holds 198.18.0.1/24 in this machine's namespace) and its
# loopback up. It runs Debian's sshd (started with `ip netns exec`, its own config, host keys
# and pid file) that lets root in with a generated key only. Nothing outside 198.18.0.0/15
# is ever addressed: the namespaces have no default route.
#
# The hosts share this machine's file system and process table, so every path a role
# installs to is per host in the generated inventory. `up` writes, in the state directory
# ($TESTBED_DIR, default /tmp/chaoskv-testbed):
#   inventory.yml             Ansible inventory (group kvnodes); its path is `up`'s last line
#   id_ed25519, id_rsa        root's client keys (both authorized on every host)
#   known_hosts               every host's ed25519 and RSA host key
#   n<i>/                     host i: sshd_config, host keys, sshd.pid, sshd.log,
#                             authorized_keys, and the homes the roles install into
#
# Environment: TESTBED_DIR (state directory), TESTBED_SUBNET (first three octets of the /24,
# default 198.18.0; must lie in 198.18.0.0/15), TESTBED_NAME (prefix of the names of the
# namespaces, veths and bridge: 1 to 8 lower-case letters and digits, default ckvtb). Two test
# beds on one machine need three different ones; `down` needs the same as `up`.
#
# Exit codes: 0 done, 1 `up` failed (what it had made is removed again), 2 cannot run here
# (not root, no `ip netns`, no sshd), 64 bad usage.
set -Eeuo pipefail # -E: the ERR trap of `up` also fires inside the functions it calls

STATE=${TESTBED_DIR:-/tmp/chaoskv-testbed}
SUBNET=${TESTBED_SUBNET:-198.18.0}
PREFIX=${TESTBED_NAME:-ckvtb}
BRIDGE=${PREFIX}-br0
SSHD=/usr/sbin/sshd
MAX_HOSTS=50
ME=testbed.sh

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; } # the comment at the top
usage_error() { echo "error: $1" >&2; echo "See '$ME --help'." >&2; exit 64; }
die() { echo "$ME: $1" >&2; exit "${2:-1}"; }
say() { echo "$ME: $*"; }

ns_name() { echo "${PREFIX}-n$1"; }          # namespace of host i; also the name of its veth here
host_ip() { echo "$SUBNET.$(( $1 + 1 ))"; }

check_name() {
  [[ "$PREFIX" =~ ^[a-z0-9]{1,8}$ ]] || usage_error "TESTBED_NAME '$PREFIX' is not 1 to 8 lower-case letters and digits"
}

check_subnet() {
  [[ "$SUBNET" =~ ^198\.(18|19)\.([0-9]{1,3})$ ]] && [ "${BASH_REMATCH[2]}" -le 255 ] \
    || usage_error "TESTBED_SUBNET '$SUBNET' is not the first three octets of a /24 in 198.18.0.0/15 (e.g. 198.18.0)"
}

check_host() {
  [ "$(id -u)" = 0 ] || die "must run as root (it creates network namespaces and a bridge)" 2
  command -v ip >/dev/null || die "'ip' not found (Debian: apt-get install iproute2)" 2
  [ -x "$SSHD" ] || die "$SSHD not found (Debian: apt-get install openssh-server)" 2
  command -v ssh-keygen >/dev/null || die "ssh-keygen not found (Debian: apt-get install openssh-client)" 2
  local probe="${PREFIX}-probe$$"
  ip netns add "$probe" 2>/dev/null || die "'ip netns add' does not work here (no CAP_SYS_ADMIN, or no network namespaces)" 2
  ip netns del "$probe"
}

# The pid in a pid file, if that process still runs and its command line contains $2.
owned_pid() {
  local pidfile=$1 marker=$2 pid st
  [ -r "$pidfile" ] || return 0
  pid=$(cat "$pidfile" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  st=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ] || return 0
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker" && echo "$pid"
  return 0
}

wait_gone() { # wait_gone <pid>...: up to 5 s
  local pid st
  for _ in $(seq 1 50); do
    local any=""
    for pid in "$@"; do
      st=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)
      [ -z "$st" ] || [ "$st" = Z ] || [ "$st" = X ] || any=1
    done
    [ -n "$any" ] || return 0
    sleep 0.1
  done
}

port_open() { # port_open <netns or ""> <ip> <port>
  if [ -n "$1" ]; then
    ip netns exec "$1" bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null
  else
    bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null
  fi
}

down() {
  local removed=0 ns pid pids i
  # sshd first, by its pid file (and only if that pid is our sshd).
  if [ -d "$STATE" ]; then
    for d in "$STATE"/n*; do
      [ -d "$d" ] || continue
      pid=$(owned_pid "$d/sshd.pid" "$d/sshd_config")
      if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null || true
        wait_gone "$pid"
        say "stopped sshd of $(basename "$d") (pid $pid)"
        removed=1
      fi
    done
  fi
  # SSH connection masters (ControlPersist) that Ansible left for the test bed's hosts.
  if [ -d "$STATE/cp" ]; then
    for pid in $(pgrep -f "^ssh: $STATE/cp/" || true); do
      kill -TERM "$pid" 2>/dev/null && say "stopped SSH connection master pid $pid"
    done
  fi
  # Then whatever still runs inside a test-bed namespace (SSH sessions, nodes a play
  # started and no teardown stopped): it belongs to the test bed and would keep the
  # namespace alive after its name is gone.
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${PREFIX}-n[0-9]+$" || true); do
    pids=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ' || true)
    if [ -n "${pids// /}" ]; then
      say "killing what still runs in $ns: pids $pids"
      # shellcheck disable=SC2086 # a list of pids
      kill -KILL $pids 2>/dev/null || true
      # shellcheck disable=SC2086
      wait_gone $pids
    fi
    ip link del "$ns" 2>/dev/null || true
    ip netns del "$ns"
    say "removed namespace $ns"
    removed=1
  done
  # veths whose namespace is already gone (an interrupted `up`).
  for i in $(ip -o link show 2>/dev/null | sed -n "s/^[0-9]*: \(${PREFIX}-n[0-9]*\)[@:].*/\1/p" || true); do
    ip link del "$i" 2>/dev/null && { say "removed veth $i"; removed=1; }
  done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link del "$BRIDGE"
    say "removed bridge $BRIDGE"
    removed=1
  fi
  if [ -d "$STATE" ]; then
    [ ! -f "$STATE/made-run-sshd" ] || rmdir /run/sshd 2>/dev/null || true
    rm -rf "$STATE"
    say "removed $STATE"
    removed=1
  fi
  [ "$removed" = 1 ] || say "nothing to remove"
}

write_sshd_config() { # write_sshd_config <host dir> <ip>
  local d=$1 ip=$2
  cat > "$d/sshd_config" <<EOF
# sshd of one test-bed host; started by ansible/testbed/testbed.sh, stopped by its "down".
ListenAddress $ip
Port 22
HostKey $d/ssh_host_ed25519_key
HostKey $d/ssh_host_rsa_key
PidFile $d/sshd.pid
AuthorizedKeysFile $d/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
# The state directory may live under /tmp (world-writable), which StrictModes refuses.
StrictModes no
PrintMotd no
X11Forwarding no
# The chaos runner reaches a host's loopback-only Toxiproxy API through an SSH tunnel.
AllowTcpForwarding local
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
}

up() {
  local n=$1 i ns ip d
  [ ! -e "$STATE" ] || die "$STATE exists: a test bed is up (or was left behind); run '$ME down' first" 1
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    die "bridge $BRIDGE exists: a test bed is up; run '$ME down' first" 1
  fi
  trap 'echo "$ME: up failed; removing what it made" >&2; down >&2; exit 1' ERR
  mkdir -p "$STATE"
  chmod 700 "$STATE"
  mkdir -m 700 "$STATE/cp"
  if [ ! -d /run/sshd ]; then # sshd's privilege separation directory
    mkdir -p /run/sshd
    chmod 755 /run/sshd
    touch "$STATE/made-run-sshd"
  fi

  ssh-keygen -q -t ed25519 -N '' -C "chaoskv-testbed-root" -f "$STATE/id_ed25519"
  ssh-keygen -q -t rsa -b 3072 -N '' -C "chaoskv-testbed-root-rsa" -f "$STATE/id_rsa"
  : > "$STATE/known_hosts"

  ip link add "$BRIDGE" type bridge
  ip addr add "$SUBNET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up

  for i in $(seq 1 "$n"); do
    ns=$(ns_name "$i")
    ip=$(host_ip "$i")
    d="$STATE/n$i"
    mkdir -p "$d"
    ip netns add "$ns"
    ip link add "$ns" type veth peer name eth0 netns "$ns"
    ip link set "$ns" master "$BRIDGE" up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$ip/24" dev eth0
    ip -n "$ns" link set eth0 up

    ssh-keygen -q -t ed25519 -N '' -C "n$i" -f "$d/ssh_host_ed25519_key"
    ssh-keygen -q -t rsa -b 3072 -N '' -C "n$i" -f "$d/ssh_host_rsa_key"
    cat "$STATE/id_ed25519.pub" "$STATE/id_rsa.pub" > "$d/authorized_keys"
    chmod 600 "$d/authorized_keys"
    echo "$ip $(cut -d' ' -f1,2 "$d/ssh_host_ed25519_key.pub")" >> "$STATE/known_hosts"
    echo "$ip $(cut -d' ' -f1,2 "$d/ssh_host_rsa_key.pub")" >> "$STATE/known_hosts"
    write_sshd_config "$d" "$ip"
    "$SSHD" -t -f "$d/sshd_config"
    ip netns exec "$ns" "$SSHD" -f "$d/sshd_config" -E "$d/sshd.log"
  done

  for i in $(seq 1 "$n"); do
    ip=$(host_ip "$i")
    local ok=""
    for _ in $(seq 1 50); do
      if port_open "" "$ip" 22; then ok=1; break; fi
      sleep 0.1
    done
    [ -n "$ok" ] || { echo "$ME: sshd of n$i does not answer on $ip:22; its log:" >&2; cat "$STATE/n$i/sshd.log" >&2; false; }
    if [ "$n" -gt 1 ]; then # host to host across the bridge, not only from here
      local from=$(( i % n + 1 ))
      port_open "$(ns_name "$from")" "$ip" 22 \
        || { echo "$ME: n$from cannot reach n$i at $ip:22 across $BRIDGE (is bridged traffic filtered by iptables FORWARD here?)" >&2; false; }
    fi
  done

  write_inventory "$n"
  trap - ERR
  say "$n hosts up: $(host_ip 1)..$(host_ip "$n"), root's key $STATE/id_ed25519, known hosts $STATE/known_hosts"
  say "try: ssh -i $STATE/id_ed25519 -o UserKnownHostsFile=$STATE/known_hosts root@$(host_ip 1) true"
  echo "$STATE/inventory.yml"
}

write_inventory() {
  local n=$1 i d
  {
    echo "# Generated by ansible/testbed/testbed.sh up $n; removed by its \"down\"."
    echo "# The hosts share one file system and process table: every path is per host."
    echo "all:"
    echo "  vars:"
    echo "    ansible_user: root"
    echo "    ansible_ssh_private_key_file: $STATE/id_ed25519"
    echo "    ansible_ssh_common_args: >-"
    echo "      -o UserKnownHostsFile=$STATE/known_hosts -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes"
    echo "    # Ansible's SSH connection masters live here, so that \"down\" can end them."
    echo "    ansible_control_path_dir: $STATE/cp"
    echo "    ansible_python_interpreter: /usr/bin/python3"
    echo "    ansible_pipelining: true"
    echo "    # For bin/chaos --inventory: the known_hosts file that holds these hosts' keys."
    echo "    chaos_ssh_known_hosts: $STATE/known_hosts"
    echo "    # toxiproxy or iptables (override with -e chaos_net=iptables)."
    echo "    chaos_net: toxiproxy"
    echo "    # Java, iptables and iproute2 are this machine's; the namespaces have no route to a mirror."
    echo "    kvnode_install_java: false"
    echo "    chaos_node_install_packages: false"
    echo "    toxiproxy_install_java: false"
    echo "    # root runs the nodes: creating a kvnode user would change this machine's /etc/passwd."
    echo "    kvnode_user: \"\""
    echo "    kvnode_jvm_opts: -Xmx128m -XX:+UseSerialGC"
    echo "    toxiproxy_jvm_opts: -Xmx64m -XX:+UseSerialGC"
    echo "    chaos_node_control_pubkey_file: $STATE/id_ed25519.pub"
    echo "    # The roles' defaults, spelled out for whoever reads the inventory without the roles."
    echo "    kvnode_port: 9001"
    echo "    kvnode_client_port: 9101"
    echo "    toxiproxy_api_host: 127.0.0.1"
    echo "    toxiproxy_api_port: 8474"
    echo "  children:"
    echo "    kvnodes:"
    echo "      hosts:"
    for i in $(seq 1 "$n"); do
      d="$STATE/n$i"
      echo "        n$i:"
      echo "          ansible_host: $(host_ip "$i")"
      echo "          testbed_netns: $(ns_name "$i")"
      echo "          kvnode_home: $d/kvnode"
      echo "          kvnode_data_dir: $d/kvnode/data"
      echo "          kvnode_pid_file: $d/kvnode/run/kvnode.pid"
      echo "          kvnode_log_file: $d/kvnode/log/kvnode.log"
      echo "          toxiproxy_home: $d/toxiproxy"
      echo "          toxiproxy_pid_file: $d/toxiproxy/run/toxiproxy.pid"
      echo "          chaos_node_home: $d/chaos"
      echo "          chaos_node_heal_script: $d/chaos/bin/chaoskv-heal"
      echo "          chaos_node_authorized_keys_file: $d/authorized_keys"
    done
  } > "$STATE/inventory.yml"
}

case "${1:-}" in
  -h|--help|help) usage; exit 0 ;;
  up)
    [ $# -eq 2 ] || usage_error "up takes the number of hosts: $ME up N"
    [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge 1 ] && [ "$2" -le "$MAX_HOSTS" ] \
      || usage_error "'$2' is not a number of hosts from 1 to $MAX_HOSTS"
    check_name
    check_subnet
    check_host
    up "$2"
    ;;
  down)
    [ $# -eq 1 ] || usage_error "down takes no arguments"
    check_name
    check_subnet
    [ "$(id -u)" = 0 ] || die "must run as root" 2
    down
    ;;
  "") usage_error "missing command: up N or down" ;;
  *) usage_error "unknown command '$1': up N or down" ;;
esac
