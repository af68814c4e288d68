/**
 * For Stryker only: imports each module of the group being mutated inside a test. A static mutant
 * that makes a module throw while it loads (a zod schema built at import time, say) fails the
 * suites that import it statically before any test runs, and the vitest runner reports no failed
 * test for that; here the same failure is a failed test, so the mutant counts as killed.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { expect, it } from 'vitest';

// @ts-expect-error plain ESM module without types
import { group } from './groups.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const modules = (group(process.env.MUTATE_GROUP ?? 'redirect') as { mutate: string[] }).mutate.filter((m) =>
  existsSync(`${root}${m}`),
);

it.each(modules)('%s loads', async (module) => {
  expect(await import(`${root}${module}`)).toBeTypeOf('object');
});
