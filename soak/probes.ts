/**
 * What the soak measures of the process: heap after a full GC, open TCP sockets on each side of
 * the loopback (told apart by the sandbox's port: its own sockets have it as their local port, the
 * core's as their remote one), file descriptors (/proc/self/fd) and active timers.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface Probe {
  heapBytes: number;
  /** Sockets the sandbox holds (accepted connections on its port). */
  sandboxSockets: number;
  /** Sockets the core holds to the sandbox. */
  clientSockets: number;
  fds: number;
  timers: number;
}

let gcFn: (() => void) | undefined;

/** `global.gc`, given by --expose-gc or enabled here at run time. */
function gc(): void {
  if (!gcFn) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) gcFn = g;
    else {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    }
  }
  gcFn();
}

/** Inodes of the sockets this process has open. */
function socketInodes(): Set<string> {
  const out = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) out.add(m[1]!);
    } catch {
      // closed between the listing and the read
    }
  }
  return out;
}

/** [local port, remote port] of every TCP socket of this process (IPv4 and IPv6), by /proc/net/tcp*. */
function tcpPorts(): [number, number][] {
  const mine = socketInodes();
  const out: [number, number][] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || !mine.has(cols[9]!)) continue;
      const port = (addr: string) => parseInt(addr.split(':')[1] ?? '0', 16);
      // State 0A is LISTEN: the sandbox's own listening socket is not a connection.
      if (cols[3] === '0A') continue;
      out.push([port(cols[1]!), port(cols[2]!)]);
    }
  }
  return out;
}

export function probe(sandboxPort: number): Probe {
  gc();
  gc();
  const ports = tcpPorts();
  return {
    heapBytes: process.memoryUsage().heapUsed,
    sandboxSockets: ports.filter(([local]) => local === sandboxPort).length,
    clientSockets: ports.filter(([, remote]) => remote === sandboxPort).length,
    fds: readdirSync('/proc/self/fd').length,
    timers: process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length,
  };
}
