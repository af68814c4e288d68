import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('npm run sandbox (sandbox/cli.ts)', () => {
  it('--json prints exactly one JSON line when ready, serves, and exits cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'sandbox/cli.ts', '--port', '0', '--seed', '4', '--json'],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    const firstLine = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += String(d);
        if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const info = JSON.parse(await firstLine) as Record<string, unknown>;
      expect(Object.keys(info).sort()).toEqual([
        'appId',
        'httpUrl',
        'issuer',
        'newApi',
        'oauthUrl',
        'redirectUrl',
        'users',
        'wsUrl',
      ]);
      expect(info.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/websockets\/v3$/);
      const users = info.users as { accounts: Record<string, unknown>[] }[];
      expect(Object.keys(users[0]!.accounts[0]!).sort()).toEqual([
        'currency',
        'is_disabled',
        'is_virtual',
        'loginid',
        'token',
      ]);
      const apiTokens = (users[0] as unknown as { apiTokens: Record<string, unknown>[] }).apiTokens;
      expect(Object.keys(apiTokens[0]!).sort()).toEqual(['loginid', 'scopes', 'token']);
      expect(apiTokens[0]!.token).toMatch(/^[A-Za-z0-9]{15}$/);
      const newApi = info.newApi as Record<string, unknown>;
      expect(Object.keys(newApi).sort()).toEqual(
        [
          'appId',
          'authorizationEndpoint',
          'clientId',
          'issuer',
          'redirectUrl',
          'restUrl',
          'tokenEndpoint',
          'users',
          'wsPublicUrl',
        ].sort(),
      );
      const newUsers = newApi.users as { pat: string; scopes: string[]; accounts: Record<string, unknown>[] }[];
      expect(newUsers[0]!.pat).toMatch(/^pat_[0-9a-f]{64}$/);
      expect(Object.keys(newUsers[0]!.accounts[0]!).sort()).toEqual([
        'account_id',
        'account_type',
        'balance',
        'currency',
        'group',
        'status',
      ]);
      const page = await fetch(`${String(info.oauthUrl)}?app_id=${String(info.appId)}`);
      expect(page.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('rejects a bad --port with a message and a non-zero exit', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--port', 'abc'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('--port must be an integer');
  }, 60_000);

  it('rejects a bad --idle-timeout-ms with a message and a non-zero exit', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--idle-timeout-ms', 'soon'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('--idle-timeout-ms must be');
  }, 60_000);
});
