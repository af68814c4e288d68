/**
 * A real network link for tests: a network namespace of its own joined to the root namespace by a
 * veth pair on a private /30 (10.213.x.y, which exists only inside these namespaces), the sandbox
 * running in the namespace (as a child process: a Node process cannot switch its own namespace),
 * and the link cut without closing anything (`ip link set … down` on the namespace's end: packets
 * vanish, no FIN, no RST, the TCP connection simply goes silent), restored, flapped.
 *
 * The session stays in the root namespace and reaches the sandbox through a TCP relay on
 * 127.0.0.1 (tcp-relay.ts), whose upstream runs over the veth: the app allows plain ws:// only to
 * this computer, and the relay is also where latency and jitter are added. From the session's side
 * a cut is exactly what a dead Wi-Fi gives: a socket that stays open and hears nothing.
 *
 * Needs root and iproute2 (`ip`). Without them the tests skip with one sentence; with
 * REQUIRE_NETNS=1 (set by CI) that is a failure. Every namespace, link and child process is
 * removed in `close()`, and again from a process exit hook if a test run dies first.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import type { SandboxUser } from '../../sandbox/index';

export const NETNS_SKIP_MESSAGE =
  'Network namespace tests need root and iproute2 (`ip`): run them as root (CI does, with REQUIRE_NETNS=1).';

/** Null when namespaces can be made here, else why not. */
export function netnsUnavailable(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
  } catch {
    return '`ip` (iproute2) is not installed';
  }
  return null;
}

/** True when the network tests should run; throws when they must (REQUIRE_NETNS=1) but cannot. */
export function netnsTestsEnabled(): boolean {
  const why = netnsUnavailable();
  if (why === null) return true;
  if (process.env.REQUIRE_NETNS === '1') throw new Error(`REQUIRE_NETNS=1 but ${why}. ${NETNS_SKIP_MESSAGE}`);
  return false;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Everything still to undo, in case the process exits before `close()`. */
const leftovers = new Set<() => void>();
let exitHookInstalled = false;
function onExitCleanup(undo: () => void): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const u of [...leftovers]) u();
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        for (const u of [...leftovers]) u();
        process.exit(130);
      });
    }
  }
  leftovers.add(undo);
  return () => leftovers.delete(undo);
}

export interface NetLab {
  ns: string;
  /** The root namespace's address and the namespace's, on the veth /30. */
  rootAddress: string;
  nsAddress: string;
  /** Cut the link silently (the namespace's end goes down). */
  cut(): void;
  /**
   * Bring the link back; resolves once both ends carry traffic again. The kernel activates a link
   * that came up asynchronously (up to a second later), dropping packets until then, just as an OS
   * reports "online" only once the network is usable: callers send the OS signal after this.
   */
  restore(): Promise<void>;
  readonly isUp: boolean;
  /** Run a program inside the namespace. */
  spawnInside(command: string, args: string[]): ChildProcess;
  close(): void;
}

export function createNetLab(): NetLab {
  const tag = `${process.pid.toString(36)}${randomBytes(2).toString('hex')}`.slice(-7);
  const ns = `ddl-net-${tag}`;
  const rootDev = `ddr${tag}`;
  const nsDev = `ddn${tag}`;
  const children = new Set<ChildProcess>();
  let up = true;
  let closed = false;
  const undo = () => {
    if (closed) return;
    closed = true;
    for (const child of children) child.kill('SIGKILL');
    // Deleting the namespace deletes its veth end, and with it the pair.
    try {
      ip('netns', 'del', ns);
    } catch {
      /* already gone */
    }
    try {
      ip('link', 'del', rootDev);
    } catch {
      /* gone with the namespace */
    }
  };
  const forget = onExitCleanup(undo);

  let rootAddress = '';
  let nsAddress = '';
  try {
    ip('netns', 'add', ns);
    ip('link', 'add', rootDev, 'type', 'veth', 'peer', 'name', nsDev);
    ip('link', 'set', nsDev, 'netns', ns);
    // A /30 picked at random in 10.213.0.0/16; another lab holding it makes `addr add` fail: try again.
    for (let tries = 0; ; tries++) {
      const third = randomInt(0, 256);
      const fourth = randomInt(0, 64) * 4;
      rootAddress = `10.213.${third}.${fourth + 1}`;
      nsAddress = `10.213.${third}.${fourth + 2}`;
      const taken = execFileSync('ip', ['-4', 'route', 'show', `10.213.${third}.${fourth}/30`])
        .toString()
        .trim();
      if (taken === '' || tries > 20) break;
    }
    ip('addr', 'add', `${rootAddress}/30`, 'dev', rootDev);
    ip('link', 'set', rootDev, 'up');
    ip('-n', ns, 'addr', 'add', `${nsAddress}/30`, 'dev', nsDev);
    ip('-n', ns, 'link', 'set', nsDev, 'up');
    ip('-n', ns, 'link', 'set', 'lo', 'up');
  } catch (error) {
    undo();
    forget();
    throw new Error(`could not build the network namespace: ${(error as Error).message}`);
  }

  return {
    ns,
    rootAddress,
    nsAddress,
    cut() {
      ip('-n', ns, 'link', 'set', nsDev, 'down');
      up = false;
    },
    async restore() {
      ip('-n', ns, 'link', 'set', nsDev, 'up');
      up = true;
      for (let waited = 0; waited < 5_000; waited += 10) {
        const rootUp = readFileSync(`/sys/class/net/${rootDev}/operstate`, 'utf8').trim() === 'up';
        const nsUp = / state UP /.test(execFileSync('ip', ['-n', ns, '-o', 'link', 'show', 'dev', nsDev]).toString());
        if (rootUp && nsUp) {
          // An ARP resolution started by a connect during the outage holds new packets until its
          // next retry, up to a second away (neighbour retrans_time): drop it, as the link is new.
          ip('neigh', 'flush', 'dev', rootDev);
          ip('-n', ns, 'neigh', 'flush', 'dev', nsDev);
          return;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error('the veth link did not come back up within 5 s');
    },
    get isUp() {
      return up;
    },
    spawnInside(command, args) {
      const child = spawn('ip', ['netns', 'exec', ns, command, ...args], {
        stdio: ['pipe', 'pipe', 'inherit'],
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
      });
      children.add(child);
      child.once('exit', () => children.delete(child));
      return child;
    },
    close() {
      undo();
      forget();
    },
  };
}

export interface RemoteSandbox {
  wsUrl: string;
  host: string;
  port: number;
  appId: string;
  users: SandboxUser[];
  setBalance(loginid: string, balance: number): Promise<void>;
  /** Drop every socket on the server's side (a server that forgot us while we slept). */
  dropConnections(): Promise<number>;
  close(): void;
}

/** The sandbox in the lab's namespace, listening on its veth address. */
export async function startSandboxInside(lab: NetLab): Promise<RemoteSandbox> {
  const child = lab.spawnInside(process.execPath, [
    '--import',
    'tsx',
    fileURLToPath(new URL('./netns-sandbox.ts', import.meta.url)),
    lab.nsAddress,
  ]);
  const lines = createInterface({ input: child.stdout! });
  const waiting = new Map<number, (answer: Record<string, unknown>) => void>();
  let nextId = 1;
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the sandbox in the namespace did not start')), 60_000);
    child.once('exit', (code) => reject(new Error(`the sandbox in the namespace exited (${code})`)));
    lines.on('line', (line) => {
      const message = JSON.parse(line) as Record<string, unknown>;
      if (message.ready) {
        clearTimeout(timer);
        resolve(message.ready as Record<string, unknown>);
        return;
      }
      const id = message.id as number;
      waiting.get(id)?.(message);
      waiting.delete(id);
    });
  });
  const info = await ready;
  const ask = (command: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (answer) => (answer.error ? reject(new Error(String(answer.error))) : resolve(answer)));
      child.stdin!.write(`${JSON.stringify({ ...command, id })}\n`);
    });
  const url = new URL(info.wsUrl as string);
  return {
    wsUrl: info.wsUrl as string,
    host: url.hostname,
    port: Number(url.port),
    appId: info.appId as string,
    users: info.users as SandboxUser[],
    setBalance: async (loginid, balance) => void (await ask({ op: 'balance', loginid, balance })),
    dropConnections: async () => (await ask({ op: 'drop' })).dropped as number,
    close: () => {
      child.stdin?.end();
      child.kill('SIGKILL');
    },
  };
}
