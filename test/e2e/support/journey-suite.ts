/**
 * What every journey file shares: one Chromium and one renderer server per file, one world per
 * journey (closed after it, whatever happened, once the leak scan has run), and the page helpers
 * the journeys read the screen with (./screen).
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

import { launchChromium } from '../../support/chromium';
import { expectNoLeaks } from '../../support/leak-scan';
import { JourneyWorld, type WorldOptions } from './journey-world';
import { ensureRendererBuilt, type RendererServer, serveRenderer } from './renderer-server';

// The page helpers live in ./screen, shared with the journeys in real Electron (test/electron-app/).
export {
  activeRow,
  addLogin,
  balance,
  connection,
  detail,
  details,
  groupOf,
  loginAgain,
  money,
  option,
  row,
  rowOk,
  rows,
} from './screen';

export interface JourneySuite {
  /** The journey's world; the suite closes it after the journey. */
  start(options?: WorldOptions): Promise<JourneyWorld>;
}

/** Registers the file's hooks (call it inside the describe); `chromiumArgs` for the file's Chromium. */
export function journeySuite(opts: { chromiumArgs?: readonly string[] } = {}): JourneySuite {
  let browser: Browser | undefined;
  let server: RendererServer | undefined;
  let world: JourneyWorld | null = null;

  beforeAll(async () => {
    await ensureRendererBuilt();
    [browser, server] = await Promise.all([launchChromium(opts.chromiumArgs), serveRenderer()]);
  }, 180_000);

  afterEach(async () => {
    try {
      // Every journey, wherever it stopped: no secret of any kind anywhere it could leak to.
      if (world) expectNoLeaks(await world.leakSources(), world.secrets(), 1);
    } finally {
      await world?.close();
      world = null;
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    async start(options) {
      if (!browser || !server) throw new Error('journeySuite: Chromium or the renderer server did not start');
      world = await JourneyWorld.start(browser, server, options);
      return world;
    },
  };
}

/**
 * The leak scan (its control first: a planted secret is found), and a clean journey: no command
 * the dispatcher refused, no console error or uncaught exception in the app page.
 */
export async function expectCleanJourney(w: JourneyWorld): Promise<void> {
  expectNoLeaks(await w.leakSources(), w.secrets(), 1);
  expect(w.bridge.rejected, 'commands the dispatcher refused').toEqual([]);
  expect(w.pageProblems, 'console errors or uncaught exceptions in the app page').toEqual([]);
}

/** Polls a condition that changes without a state snapshot (what the sandbox saw, a file); never asserts on time. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
