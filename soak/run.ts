/**
 * `npm run soak [-- --minutes N] [--seed S]`: the chaos soak (soak/soak.ts) on both APIs. Prints
 * each violation, then one summary line, and exits non-zero on any violation.
 */
import { runSoak } from './soak';

function arg(name: string): string | undefined {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  if (at >= 0) return args[at + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const minutes = Number(arg('minutes') ?? 10);
const seed = Number(arg('seed') ?? Math.floor(Math.random() * 2 ** 31));
if (!Number.isFinite(minutes) || minutes <= 0 || !Number.isInteger(seed)) {
  console.error('usage: npm run soak -- [--minutes N (default 10, may be fractional)] [--seed S (an integer)]');
  process.exit(2);
}
console.log(`soak: seed ${seed}, ${minutes} min of faults (rerun with --seed ${seed})`);
const result = await runSoak({ minutes, seed, log: (line) => console.log(`  ${line}`) });
for (const v of result.violations) console.log(`VIOLATION ${v}`);
for (const [kind, { tried, ok }] of Object.entries(result.relogins)) console.log(`  ${kind}: ${ok} of ${tried} took`);
console.log(result.line);
process.exit(result.exitCode);
