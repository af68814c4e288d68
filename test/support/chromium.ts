/**
 * Finding and launching a real Chromium for the browser tests (Debian's `chromium` in CI).
 *
 * On a developer's computer without a Chromium the browser tests skip with one sentence saying how
 * to enable them; CI sets REQUIRE_BROWSER_TESTS=1, which turns that skip into a failure so CI can
 * never pass without running them.
 */
import { existsSync } from 'node:fs';

import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** Flags without which Chromium stalls on a closed network or fails as root in a container. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export const SKIP_BROWSER_MESSAGE =
  'Browser tests skipped: no Chromium found; install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable.';

/**
 * Whether the browser tests must be skipped here. Throws when they are required (CI) but cannot
 * run, so a missing browser fails the run instead of silently passing it.
 */
export function browserTestsUnavailable(): boolean {
  if (findChromium()) return false;
  if (process.env.REQUIRE_BROWSER_TESTS === '1') {
    throw new Error(`REQUIRE_BROWSER_TESTS=1 but no Chromium was found. ${SKIP_BROWSER_MESSAGE}`);
  }
  console.warn(SKIP_BROWSER_MESSAGE);
  return true;
}

/** `extraArgs`: e.g. `--host-resolver-rules=…`, for a journey that needs a name to resolve locally. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(SKIP_BROWSER_MESSAGE);
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
