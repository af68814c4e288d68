/**
 * French typography, applied once to the whole French dictionary: a narrow no-break space
 * (U+202F) before « ; : ! ? % » and after « », where the texts are written with a plain space, so a
 * colon never starts a line and every new text gets it without thinking. Only a space already there
 * is changed: a time (`10:30`) or an address (`https://`) is left alone.
 * @see https://fr.wikipedia.org/wiki/Espace_fine_insécable (Lexique des règles typographiques, Imprimerie nationale)
 */
const NNBSP = '\u202F';

export const frenchSpacing = (text: string): string =>
  text.replace(/[ \u00A0](?=[;:!?%»])/g, NNBSP).replace(/«[ \u00A0]/g, `«${NNBSP}`);

/** The dictionary with every text spaced, functions' results included (their parameters too: ids, codes). */
export function typeset<T>(value: T): T {
  if (typeof value === 'string') return frenchSpacing(value) as T;
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    return ((...args: unknown[]) => typeset(fn(...args))) as T;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeset(v)])) as T;
  }
  return value;
}
