/**
 * The sandbox as a child process, for the network tests: started by `ip netns exec NS node --import
 * tsx test/support/netns-sandbox.ts HOST` inside a namespace of their own (a process cannot switch
 * its own namespace). Prints one JSON line `{ready: …}` with its URLs and users, then takes JSON
 * commands on stdin and answers each on stdout (the sandbox's HTTP control answers loopback only,
 * and loopback here is the namespace's own).
 */
import { createInterface } from 'node:readline';

import { startSandbox } from '../../sandbox/index';

const host = process.argv[2] ?? '127.0.0.1';
const sandbox = await startSandbox({ host, port: 0, seed: 7 });
const reply = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
reply({ ready: { wsUrl: sandbox.wsUrl, httpUrl: sandbox.httpUrl, appId: sandbox.appId, users: sandbox.users } });

createInterface({ input: process.stdin }).on('line', (line) => {
  let command: { id?: number; op?: string; loginid?: string; balance?: number };
  try {
    command = JSON.parse(line) as typeof command;
  } catch {
    return reply({ error: 'not JSON' });
  }
  try {
    if (command.op === 'balance') sandbox.setBalance(command.loginid ?? '', command.balance ?? NaN);
    else if (command.op === 'drop') return reply({ id: command.id, dropped: sandbox.dropConnections() });
    else if (command.op === 'connections')
      return reply({ id: command.id, connections: new Set(sandbox.received().map((m) => m.connectionId)).size });
    else throw new Error(`unknown op ${String(command.op)}`);
    reply({ id: command.id, ok: true });
  } catch (error) {
    reply({ id: command.id, error: (error as Error).message });
  }
});
// The parent going away (or closing stdin) ends the sandbox: nothing outlives a test run.
process.stdin.on('end', () => void sandbox.close().then(() => process.exit(0)));
