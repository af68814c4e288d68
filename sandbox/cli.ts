import { parseArgs } from 'node:util';

import { startSandbox } from './index';

/** `npm run sandbox -- --port N [--host ADDR] [--seed S] [--app-id ID] [--redirect-url URL] [--idle-timeout-ms MS] [--json]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string' },
      seed: { type: 'string' },
      'app-id': { type: 'string' },
      'redirect-url': { type: 'string' },
      'idle-timeout-ms': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('--port must be an integer between 0 and 65535');
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const idle = values['idle-timeout-ms'] === undefined ? undefined : Number(values['idle-timeout-ms']);
  if (idle !== undefined && (!Number.isInteger(idle) || idle < 0))
    throw new Error('--idle-timeout-ms must be a non-negative integer (0 = never)');

  const sandbox = await startSandbox({
    port,
    ...(values.host ? { host: values.host } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(values['app-id'] ? { appId: values['app-id'] } : {}),
    ...(values['redirect-url'] ? { redirectUrl: values['redirect-url'] } : {}),
    ...(idle !== undefined ? { idleTimeoutMs: idle } : {}),
  });
  const info = {
    httpUrl: sandbox.httpUrl,
    wsUrl: sandbox.wsUrl,
    oauthUrl: sandbox.oauthUrl,
    issuer: sandbox.issuer,
    appId: sandbox.appId,
    redirectUrl: sandbox.redirectUrl,
    users: sandbox.users,
    newApi: sandbox.newApi,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(info)}\n`);
  } else {
    process.stdout.write(
      `Deriv sandbox ready\n  HTTP      ${info.httpUrl}\n  WebSocket ${info.wsUrl}\n  OAuth     ${info.oauthUrl}?app_id=${info.appId}\n  Issuer    ${info.issuer}\n` +
        info.users
          .map((u) => `  user      ${u.email} / ${u.password} (${u.accounts.map((a) => a.loginid).join(', ')})\n`)
          .join(''),
    );
  }
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
