/**
 * Tolerant, exact parsing of the current API's answers (issue 26, item 2): every shape Deriv's
 * docs or Deriv's own client (deriv-com/dbot-reference) have shown is read, a balance stays the
 * exact decimal text the wire carried (a number's own digits or a string, never a double), and
 * anything else is a `WireError`, never a crash. Property tests (seeded) generate the shapes; the
 * sandbox serves each one over real HTTP and sockets.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { processAccountsResponse, processOtpResponse, WireError } from '../../main/core/current-api/wire';
import { AMOUNT_PATTERN, amountOf } from '../../main/core/model';
import { exactBalanceOf, parseJson } from '../../main/core/net/exact-json';
import { parseFrame } from '../../main/core/socket/connection';
import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
import { WsClient } from '../sandbox/ws-client';
import { control, patHeaders } from './oauth-helpers';

const REST_URL = 'https://api.derivws.com';
const OTP_URL = 'wss://api.derivws.com/trading/v1/options/ws/demo?otp=abc';
const answer = (body: string, status = 200) => new Response(body, { status });
const accountText = (balance: string, extra = '') =>
  `{"account_id":"DOT1","account_type":"real","currency":"USD","balance":${balance},"status":"active","group":"row"${extra}}`;
const listText = (balance: string) => `{"data":[${accountText(balance)}],"meta":{}}`;
const balances = async (body: string) => (await processAccountsResponse(answer(body))).accounts.map((a) => a.balance);
const codeOf = (run: Promise<unknown>) =>
  run.then(
    () => 'accepted',
    (e: unknown) => (e instanceof WireError ? e.code : `crash: ${String(e)}`),
  );

describe('amounts: exact decimal text', () => {
  it('amountOf: a decimal string as it came; a number as its shortest decimal, exponent written out; else null', () => {
    expect(amountOf('1234567.89')).toBe('1234567.89');
    expect(amountOf('10000.00')).toBe('10000.00');
    expect(amountOf(1234567.89)).toBe('1234567.89');
    expect(amountOf(1e-7)).toBe('0.0000001');
    expect(amountOf(-1.5e-9)).toBe('-0.0000000015');
    expect(amountOf(1.5e19)).toBe('15000000000000000000');
    expect(amountOf(-0)).toBe('0');
    for (const bad of [
      Number.NaN,
      Infinity,
      1e20,
      5e-324,
      '1e3',
      ' 1',
      '+1',
      '.5',
      '1.',
      '0x10',
      '1,000',
      '',
      null,
      {},
      true,
    ])
      expect(amountOf(bad), String(bad)).toBeNull();
  });

  it('property: any number is null or a decimal that reads back as the very same number (seeded)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = amountOf(n);
        if (text === null) return;
        expect(text).toMatch(AMOUNT_PATTERN);
        expect(Number(text)).toBe(n === 0 ? 0 : n);
      }),
      { seed: 2612, numRuns: 3000 },
    );
  });

  it('property: money-sized numbers (≤ 15 significant digits, ≤ 8 decimals) come out as the digits they were written with (seeded)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }),
        fc.integer({ min: 0, max: 8 }),
        (units, scale) => {
          // The expected text by string arithmetic alone: the digits of `units` with the point `scale` from the right.
          const digits = String(Math.abs(units)).padStart(scale + 1, '0');
          const whole = digits.slice(0, digits.length - scale);
          const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
          const expected = `${units < 0 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
          expect(amountOf(Number(expected))).toBe(expected);
        },
      ),
      { seed: 2613, numRuns: 3000 },
    );
  });

  it('parseJson keeps the digits a balance number was written with (where JSON.parse alone rounds)', () => {
    const body = parseJson('{"balance":12345678901234567.891,"b":{"balance":1234567.890},"c":{"balance":1E2}}') as {
      balance: number;
      b: object;
      c: object;
    };
    // The parsed value itself is untouched (a number stays a number for the raw-JSON view) …
    expect(typeof body.balance).toBe('number');
    expect(JSON.parse('{"balance":12345678901234567.891}')).toEqual({ balance: 12345678901234568 });
    // … and the digits are there beside it.
    expect(exactBalanceOf(body)).toBe('12345678901234567.891');
    expect(exactBalanceOf(body.b)).toBe('1234567.890');
    // An exponent is not decimal text: the number's own shortest decimal then.
    expect(exactBalanceOf(body.c)).toBe('100');
    // A holder changed after parsing is read from its value, not from the stale text.
    const changed = parseJson('{"balance":1.10}') as { balance: number };
    changed.balance = 2;
    expect(exactBalanceOf(changed)).toBe('2');
    expect(exactBalanceOf({ balance: '0.00012345' })).toBe('0.00012345');
    expect(exactBalanceOf(null)).toBeNull();
  });

  it('socket frames keep them too: parseFrame, then a balance message', () => {
    const frame = parseFrame(
      '{"msg_type":"balance","balance":{"balance":1234567.890,"currency":"USD","loginid":"DOT1"}}',
    );
    expect(exactBalanceOf(frame?.balance)).toBe('1234567.890');
  });
});

describe('the account list: every observed shape, exact balances', () => {
  it('"1234567.89" (string) and 1234567.89 (number) are the same exact amount; "0.00012345" keeps its eight decimals', async () => {
    expect(await balances(listText('"1234567.89"'))).toEqual(['1234567.89']);
    expect(await balances(listText('1234567.89'))).toEqual(['1234567.89']);
    expect(await balances(listText('"0.00012345"'))).toEqual(['0.00012345']);
    expect(await balances(listText('0.00012345'))).toEqual(['0.00012345']);
    // Digits no double holds, and a string's trailing zeros, come through as written.
    expect(await balances(listText('12345678901234567.89'))).toEqual(['12345678901234567.89']);
    expect(await balances(listText('"10000.00"'))).toEqual(['10000.00']);
  });

  it('{ data: [...] } as documented, or { data: { data: [...] } } (Deriv’s client’s first version); extra fields ignored', async () => {
    const account = accountText('"5.5"', ',"nickname":null,"landing_company":{"x":[1]}');
    for (const body of [
      `{"data":[${account}]}`,
      `{"data":{"data":[${account}]},"meta":{"timing":1}}`,
      `{"data":[${account}],"links":{"self":"/x"},"api_version":"1.1.0"}`,
    ]) {
      const out = await processAccountsResponse(answer(body));
      expect(out.accounts).toEqual([
        { account_id: 'DOT1', account_type: 'real', currency: 'USD', balance: '5.5', status: 'active', group: 'row' },
      ]);
      // The raw-JSON view keeps the answer as sent (a number stays a number there).
      expect(out.raw).toEqual(JSON.parse(body));
    }
  });

  it.each([
    ['three levels of data', `{"data":{"data":{"data":[${accountText('1')}]}}}`],
    ['data an object without data', `{"data":{"accounts":[${accountText('1')}]}}`],
    ['data a string', `{"data":"[${accountText('1').replace(/"/g, '\\"')}]"}`],
    ['no data', '{"accounts":[]}'],
    ['a bare array', `[${accountText('1')}]`],
    ['balance with an exponent string', listText('"1e3"')],
    ['balance a grouped string', listText('"1,234.50"')],
    [
      'balance missing',
      `{"data":[{"account_id":"DOT1","account_type":"real","currency":"USD","status":"active","group":"row"}]}`,
    ],
    ['not JSON', '{"data":['],
  ])('%s → malformed (a WireError, no crash)', async (_name, body) => {
    expect(await codeOf(processAccountsResponse(answer(body)))).toBe('malformed');
  });
});

describe('the OTP answer: { data: { url } } or its JSON-string form', () => {
  it.each([
    ['documented', { data: { url: OTP_URL } }],
    ['with extra fields', { data: { url: OTP_URL, expires_in: 60 }, meta: {}, extra: [1] }],
    [
      'data a JSON string of { data: { url } } (Deriv’s client’s first version)',
      { data: JSON.stringify({ data: { url: OTP_URL } }) },
    ],
    ['data a JSON string of { url }', { data: JSON.stringify({ url: OTP_URL }) }],
  ])('%s → the URL', async (_name, body) => {
    expect(await processOtpResponse(REST_URL, answer(JSON.stringify(body)))).toBe(OTP_URL);
  });

  it.each([
    ['data a string that is not JSON', { data: 'wss://api.derivws.com/ws?otp=1' }],
    ['data a JSON string of something else', { data: JSON.stringify({ link: OTP_URL }) }],
    ['data a JSON string of a JSON string', { data: JSON.stringify(JSON.stringify({ url: OTP_URL })) }],
    ['url nested three deep', { data: { data: { data: { url: OTP_URL } } } }],
    ['the JSON-string form with an insecure URL', { data: JSON.stringify({ url: 'ws://evil.example/ws?otp=1' }) }],
  ])('%s → malformed, the URL in no message', async (_name, body) => {
    const error = await processOtpResponse(REST_URL, answer(JSON.stringify(body))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WireError);
    expect((error as WireError).code).toBe('malformed');
    expect((error as WireError).message).not.toContain('otp=');
  });
});

describe('property: generated shapes (seeded)', () => {
  /** Decimal text as a server could write it: up to 17 integer digits, up to 8 decimals, trailing zeros kept. */
  const decimal = fc
    .tuple(
      fc.boolean(),
      fc.stringMatching(/^(0|[1-9]\d{0,16})$/),
      fc.option(fc.stringMatching(/^\d{1,8}$/), { nil: undefined }),
    )
    .map(
      ([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`,
    );
  const extraFields = fc.dictionary(
    fc
      .string({ minLength: 1, maxLength: 8 })
      .filter(
        (k) => !['account_id', 'account_type', 'currency', 'balance', 'status', 'group', '__proto__'].includes(k),
      ),
    fc.jsonValue({ maxDepth: 2 }),
    { maxKeys: 3 },
  );
  const account = fc.record({
    id: fc.stringMatching(/^[A-Z]{3}\d{1,8}$/),
    type: fc.constantFrom('demo', 'real'),
    currency: fc.constantFrom('USD', 'BTC', 'eUSDT', ''),
    balance: decimal,
    asString: fc.boolean(),
    extra: extraFields,
  });

  it('any account list, in either envelope, with a number or a string balance and extra fields: the exact digits come out', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(account, { selector: (a) => a.id, maxLength: 5 }),
        fc.boolean(),
        extraFields,
        async (accounts, nested, envelopeExtra) => {
          const items = accounts.map((a) => {
            const fields = JSON.stringify({
              ...a.extra,
              account_id: a.id,
              account_type: a.type,
              currency: a.currency,
              status: 'active',
              group: 'row',
            });
            // The balance written into the JSON text as the server would: a string, or a number with these very digits.
            return `${fields.slice(0, -1)},"balance":${a.asString ? `"${a.balance}"` : a.balance}}`;
          });
          const list = `[${items.join(',')}]`;
          // Unknown fields beside `data` on the envelope (never a second `data`).
          const extra = JSON.stringify(
            Object.fromEntries(Object.entries(envelopeExtra).filter(([k]) => k !== 'data' && k !== 'meta')),
          ).slice(1, -1);
          const body = `{${extra ? `${extra},` : ''}"data":${nested ? `{"data":${list}}` : list}}`;
          const out = await processAccountsResponse(answer(body));
          expect(out.accounts.map((a) => [a.account_id, a.balance])).toEqual(accounts.map((a) => [a.id, a.balance]));
        },
      ),
      { seed: 26_2, numRuns: 400 },
    );
  });

  it('any OTP answer in either form, with extra fields: the URL; a mangled one: malformed, never a crash', async () => {
    const url = fc.constantFrom(OTP_URL, 'wss://api.derivws.com/trading/v1/options/ws/real?otp=Z9');
    await fc.assert(
      fc.asyncProperty(
        url,
        fc.constantFrom('object', 'string', 'string-of-url'),
        extraFields,
        fc.boolean(),
        async (u, form, extra, mangle) => {
          const inner = { ...extra, url: mangle ? { href: u } : u };
          const data = form === 'object' ? inner : JSON.stringify(form === 'string' ? { data: inner } : inner);
          const outcome = await processOtpResponse(REST_URL, answer(JSON.stringify({ ...extra, data }))).then(
            (v) => v,
            (e: unknown) => (e instanceof WireError ? e.code : `crash: ${String(e)}`),
          );
          expect(outcome).toBe(mangle ? 'malformed' : u);
        },
      ),
      { seed: 26_21, numRuns: 300 },
    );
  });
});

describe('the sandbox serves each shape (real HTTP and sockets)', () => {
  let sb: SandboxHandle;
  let usd: string;
  let btc: string;

  beforeAll(async () => {
    sb = await startSandbox({ seed: 26 });
    const alice = sb.newApi.users[0]!;
    usd = alice.accounts.find((a) => a.account_type === 'real' && a.currency === 'USD')!.account_id;
    btc = alice.accounts.find((a) => a.currency === 'BTC')!.account_id;
  });
  afterAll(() => sb.close());
  beforeEach(async () => {
    await control(sb, 'shapes', { balance: 'number', accountList: 'flat', otp: 'object', extraFields: false });
    await control(sb, 'balance', { account_id: usd, balance: '1234567.89' });
    await control(sb, 'balance', { account_id: btc, balance: '0.00012345' });
  });

  const rest = (path: string, method = 'GET') =>
    fetch(`${sb.newApi.restUrl}/trading/v1/options/accounts${path}`, { method, headers: patHeaders(sb) });

  it.each([
    [{ balance: 'number' }, (raw: string) => expect(raw).toContain('"balance":1234567.89,')],
    [{ balance: 'string' }, (raw: string) => expect(raw).toContain('"balance":"1234567.89"')],
    [{ accountList: 'nested' }, (raw: string) => expect(raw).toMatch(/^\{"data":\{"data":\[/)],
    [{ extraFields: true }, (raw: string) => expect(raw).toContain('"links"')],
    [
      { balance: 'string', accountList: 'nested', extraFields: true },
      (raw: string) => expect(raw).toContain('"data":{"data":['),
    ],
  ] as const)('account list %o: served so, read with the exact balances', async (shapes, served) => {
    await control(sb, 'shapes', shapes);
    const text = await (await rest('')).text();
    served(text);
    const { accounts } = await processAccountsResponse(answer(text));
    expect(accounts.find((a) => a.account_id === usd)!.balance).toBe('1234567.89');
    expect(accounts.find((a) => a.account_id === btc)!.balance).toBe('0.00012345');
  });

  it.each([
    [{ otp: 'object' }, (raw: { data: unknown }) => expect(typeof raw.data).toBe('object')],
    [{ otp: 'json_string' }, (raw: { data: unknown }) => expect(typeof raw.data).toBe('string')],
    [
      { otp: 'json_string', extraFields: true },
      (raw: { data: unknown }) => expect(String(raw.data)).toContain('expires_in'),
    ],
  ] as const)('OTP %o: served so, read as the URL', async (shapes, served) => {
    await control(sb, 'shapes', shapes);
    const text = await (await rest(`/${usd}/otp`, 'POST')).text();
    served(JSON.parse(text) as { data: unknown });
    expect(await processOtpResponse(sb.newApi.restUrl, answer(text))).toMatch(
      /^ws:\/\/127\.0\.0\.1:\d+\/trading\/v1\/options\/ws\/real\?otp=/,
    );
  });

  it.each(['number', 'string'] as const)(
    'the socket’s balance as a %s: the frame carries the exact digits',
    async (balance) => {
      await control(sb, 'shapes', { balance, extraFields: true });
      const url = await processOtpResponse(sb.newApi.restUrl, await rest(`/${btc}/otp`, 'POST'));
      const c = await WsClient.open(url, '');
      try {
        const raw = new Promise<string>((resolve) => c.ws.once('message', (data) => resolve(String(data))));
        c.ws.send(JSON.stringify({ balance: 1, req_id: 1 }));
        const text = await raw;
        expect(text).toContain(balance === 'string' ? '"balance":"0.00012345"' : '"balance":0.00012345,');
        expect(exactBalanceOf(parseFrame(text)?.balance)).toBe('0.00012345');
      } finally {
        await c.close();
      }
    },
  );
});
