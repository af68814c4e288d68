/**
 * axe-core on a page of the journeys, as the screen tests run it: the script is served from the
 * page's own origin (the app's CSP allows scripts from 'self' only), then `axe.run()`.
 */
import { createRequire } from 'node:module';

import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const AXE_PATH = '/__test__/axe.min.js';

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: unknown[];
}

/** The page's axe violations now (none expected). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const url = new URL(AXE_PATH, page.url()).toString();
  await page.route(url, (route) => route.fulfill({ path: axePath, contentType: 'text/javascript' }));
  await page.addScriptTag({ url });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe;
    const { violations } = await axe.run();
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: (v.nodes as { target: unknown }[]).map((n) => n.target),
    }));
  });
}
