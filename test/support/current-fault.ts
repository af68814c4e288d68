/**
 * Drives one of the sandbox's current-API faults (`POST /__sandbox/current/<name>`, see
 * sandbox/current-api/control.ts) and returns its JSON answer; anything but 200 throws, naming it.
 */
import type { SandboxHandle } from '../../sandbox/types';

export async function currentFault(
  sb: Pick<SandboxHandle, 'httpUrl'>,
  name: string,
  body: unknown = {},
): Promise<Record<string, unknown>> {
  const res = await fetch(`${sb.httpUrl}/__sandbox/current/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`current-API fault ${name}: HTTP ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}
