import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { Browser, formOf } from './http-client';
import { WsClient } from './ws-client';

let sb: SandboxHandle;
beforeAll(async () => {
  sb = await startSandbox({ seed: 3, apps: [{ appId: '4242', redirectUrl: 'deriv-desktop://callback/' }] });
});
afterAll(() => sb.close());

const loginUrl = (params: Record<string, string>) => `${sb.oauthUrl}?${new URLSearchParams(params).toString()}`;

async function submit(params: Record<string, string>, extra: Record<string, string>): Promise<Response> {
  const browser = new Browser();
  const page = await browser.request(loginUrl(params));
  expect(page.status).toBe(200);
  const { action, fields } = formOf(await page.text());
  return browser.request(new URL(action, sb.httpUrl).toString(), { form: { ...fields, ...extra } });
}

describe('legacy /oauth2/authorize', () => {
  it('serves a self-contained login page with the demo credentials in small print', async () => {
    const res = await fetch(loginUrl({ app_id: sb.appId, l: 'EN', brand: 'deriv', state: 'abc' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<form method="post"');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain(`<small>`);
    expect(html).toContain(sb.users[0]!.password);
    expect(formOf(html).fields).toEqual({ app_id: sb.appId, l: 'EN', brand: 'deriv', state: 'abc' });
  });

  it('Approve redirects with acctN/tokenN/curN of the enabled accounts and the same state', async () => {
    const user = sb.users[0]!;
    const res = await submit(
      { app_id: sb.appId, l: 'EN', brand: 'deriv', state: 's t&=ate' },
      { email: user.email, password: user.password, action: 'approve' },
    );
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin + to.pathname).toBe(sb.redirectUrl);
    const enabled = user.accounts.filter((a) => !a.is_disabled);
    const expected: [string, string][] = enabled.flatMap((a, i) => [
      [`acct${i + 1}`, a.loginid],
      [`token${i + 1}`, to.searchParams.get(`token${i + 1}`)!],
      [`cur${i + 1}`, a.currency],
    ]);
    expect([...to.searchParams]).toEqual([...expected, ['state', 's t&=ate']]);
    // Each login mints fresh tokens (Deriv-shaped), registered as secrets for the leak scans.
    for (const [i, a] of enabled.entries()) {
      const token = to.searchParams.get(`token${i + 1}`)!;
      expect(token).toMatch(/^a1-[a-z0-9]{29}$/);
      expect(token).not.toBe(a.token);
      expect(sb.secrets().map((s) => s.value)).toContain(token);
    }

    // The tokens open a WebSocket session.
    const c = await WsClient.open(sb.wsUrl);
    const r = await c.call({ authorize: to.searchParams.get('token1')!, tokens: [to.searchParams.get('token2')!] });
    expect((r.authorize as Record<string, unknown>).loginid).toBe(enabled[0]!.loginid);
    await c.close();
  });

  it('Deny redirects with error=access_denied, a description and the state', async () => {
    const res = await submit({ app_id: sb.appId, state: 'xyz' }, { action: 'deny' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.searchParams.get('error')).toBe('access_denied');
    expect(to.searchParams.get('error_description')).toMatch(/denied/);
    expect(to.searchParams.get('state')).toBe('xyz');
    expect(to.searchParams.get('token1')).toBeNull();
  });

  it('a wrong password shows the page again with an error, no redirect', async () => {
    const res = await submit(
      { app_id: sb.appId, state: 'xyz' },
      { email: sb.users[1]!.email, password: 'nope', action: 'approve' },
    );
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('Wrong email or password.');
    expect(formOf(html).fields.state).toBe('xyz');
  });

  it('registered apps get their own redirect URL (custom scheme included)', async () => {
    const user = sb.users[1]!;
    const res = await submit({ app_id: '4242' }, { email: user.email, password: user.password, action: 'approve' });
    const to = new URL(res.headers.get('location')!);
    expect(to.protocol).toBe('deriv-desktop:');
    expect(to.searchParams.get('acct1')).toBe(user.accounts[0]!.loginid);
    expect(to.searchParams.has('state')).toBe(false);
  });

  it('an unknown app_id gets an error page and no redirect', async () => {
    for (const url of [loginUrl({ app_id: '9999', state: 'x' }), sb.oauthUrl]) {
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('Unknown application');
    }
    const post = await new Browser().request(sb.oauthUrl, { form: { app_id: '9999', action: 'approve' } });
    expect(post.status).toBe(400);
  });

  it('the default redirect URL is on the sandbox, says tokens should not be there, and is recorded', async () => {
    const res = await fetch(`${sb.redirectUrl}?acct1=CR1&token1=x`);
    expect(await res.text()).toContain('Tokens should never have arrived here');
    expect(sb.httpHits()).toContainEqual({ method: 'GET', path: '/redirect' });
  });
});
