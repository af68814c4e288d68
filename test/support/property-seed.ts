/**
 * Every fast-check property runs the same cases on every run, in the suite and under Stryker: a bug
 * a property catches is caught every time, not in three runs out of five, and a failure reproduces.
 * A property may still pass its own `seed`; `FC_SEED=<n>` explores other cases for a session.
 * @see https://fast-check.dev/docs/configuration/global-settings/
 */
import fc from 'fast-check';

const fromEnv = Number(process.env.FC_SEED);
fc.configureGlobal({ seed: Number.isSafeInteger(fromEnv) && process.env.FC_SEED !== '' ? fromEnv : 20261207 });
