/**
 * Load benchmark for the sandbox: N concurrent WebSocket clients each connect, authorize and
 * subscribe to balance; then one balance change fans out to every subscriber.
 * Run: npx tsx bench/sandbox-load.ts [--clients 200] [--rounds 3]
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import WebSocket from 'ws';

import { startSandbox } from '../sandbox/index';

type Json = Record<string, unknown>;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
function summary(label: string, ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `${label.padEnd(22)} p50 ${percentile(s, 50).toFixed(2)} ms  p95 ${percentile(s, 95).toFixed(2)} ms  p99 ${percentile(s, 99).toFixed(2)} ms  max ${(s.at(-1) ?? NaN).toFixed(2)} ms`;
}

class Client {
  private waiters = new Map<number, (m: Json) => void>();
  private pushWaiter: ((m: Json) => void) | undefined;
  private nextId = 1;
  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as Json;
      const w = this.waiters.get(m.req_id as number);
      if (w && !this.pushWaiter) {
        this.waiters.delete(m.req_id as number);
        w(m);
      } else if (this.pushWaiter) {
        const p = this.pushWaiter;
        this.pushWaiter = undefined;
        p(m);
      }
    });
  }
  static open(url: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
    });
  }
  async call(req: Json): Promise<{ answer: Json; ms: number }> {
    const req_id = this.nextId++;
    const start = performance.now();
    const answer = await new Promise<Json>((resolve) => {
      this.waiters.set(req_id, resolve);
      this.ws.send(JSON.stringify({ ...req, req_id }));
    });
    if (answer.error) throw new Error(`error answer: ${JSON.stringify(answer.error)}`);
    return { answer, ms: performance.now() - start };
  }
  nextPush(): Promise<Json> {
    return new Promise((resolve) => (this.pushWaiter = resolve));
  }
  close(): void {
    this.ws.close();
  }
}

/** `npm run bench` entry: the load run as a report (also runnable alone, with flags). */
export async function run(CLIENTS = 200, ROUNDS = 3): Promise<string> {
  const out: string[] = [];
  const sb = await startSandbox({ seed: 1 });
  const users = sb.users;
  const tokensFor = (i: number) => {
    const u = users[i % users.length]!;
    const enabled = u.accounts.filter((a) => !a.is_disabled);
    return { first: enabled[0]!, rest: enabled.slice(1) };
  };

  out.push(`sandbox-load: ${CLIENTS} concurrent clients × ${ROUNDS} rounds on ${sb.wsUrl} (Node ${process.version})`);
  for (let round = 1; round <= ROUNDS; round++) {
    const connectMs: number[] = [];
    const authorizeMs: number[] = [];
    const subscribeMs: number[] = [];
    const t0 = performance.now();
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const c0 = performance.now();
        const c = await Client.open(`${sb.wsUrl}?app_id=${sb.appId}`);
        connectMs.push(performance.now() - c0);
        const { first, rest } = tokensFor(i);
        authorizeMs.push((await c.call({ authorize: first.token, tokens: rest.map((a) => a.token) })).ms);
        const sub = await c.call({ balance: 1, account: 'all', subscribe: 1, loginid: first.loginid });
        subscribeMs.push(sub.ms);
        return { c, accountId: first.loginid };
      }),
    );
    const elapsed = performance.now() - t0;
    const requests = CLIENTS * 2;

    // Fan-out: one change per user; every subscriber of that user gets one push.
    const f0 = performance.now();
    const pushes = clients.map(({ c }) => c.nextPush().then(() => performance.now() - f0));
    for (const u of users) sb.setBalance(u.accounts[0]!.loginid, 1000 + round);
    const fanout = await Promise.all(pushes);

    out.push(`\nround ${round}: ${CLIENTS} clients connected, authorized and subscribed in ${elapsed.toFixed(0)} ms`);
    out.push(
      `  throughput             ${(requests / (elapsed / 1000)).toFixed(0)} requests/s (authorize + balance subscribe, incl. connects)`,
    );
    out.push(`  ${summary('connect', connectMs)}`);
    out.push(`  ${summary('authorize', authorizeMs)}`);
    out.push(`  ${summary('balance subscribe', subscribeMs)}`);
    out.push(`  ${summary('balance push fan-out', fanout)}`);
    for (const { c } of clients) c.close();
    await new Promise((r) => setTimeout(r, 200));
  }
  const mem = process.memoryUsage();
  out.push(
    `\nrss ${(mem.rss / 1e6).toFixed(0)} MB, heap used ${(mem.heapUsed / 1e6).toFixed(0)} MB (client and server in one process)`,
  );
  await sb.close();
  return out.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { clients: { type: 'string', default: '200' }, rounds: { type: 'string', default: '3' } },
  });
  console.log(await run(Number(values.clients), Number(values.rounds)));
}
