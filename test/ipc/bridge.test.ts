import { EventEmitter } from 'node:events';

import { describe, expect, it, vi } from 'vitest';

import { buildDesktopApi } from '../../main/ipc/bridge';
import { COMMAND_NAMES, commandChannel, STATE_CHANNEL } from '../../main/ipc/contract';
import { fixtures } from '../support/sample-state';

function fakeTransport() {
  const events = new EventEmitter();
  return {
    events,
    invoke: vi.fn(async (_channel: string, _args?: unknown) => ({ ok: true, value: null })),
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => events.on(channel, listener),
    removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) =>
      events.removeListener(channel, listener),
  };
}

describe('DesktopApi bridge (what the preload exposes)', () => {
  it('exposes exactly the allow-listed commands plus onState, frozen', () => {
    const api = buildDesktopApi(fakeTransport());
    expect(Object.keys(api).sort()).toEqual([...COMMAND_NAMES, 'onState'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(api).not.toHaveProperty('invoke');
  });

  it('sends each command on its own channel with its argument', async () => {
    const transport = fakeTransport();
    const api = buildDesktopApi(transport);
    await api.switchAccount({ accountId: 'CR1' });
    await api.getState();
    expect(transport.invoke).toHaveBeenNthCalledWith(1, commandChannel('switchAccount'), { accountId: 'CR1' });
    expect(transport.invoke).toHaveBeenNthCalledWith(2, commandChannel('getState'), undefined);
  });

  it('delivers state updates without the IPC event object, and unsubscribes', () => {
    const transport = fakeTransport();
    const api = buildDesktopApi(transport);
    const seen: unknown[][] = [];
    const off = api.onState((...args: unknown[]) => seen.push(args));
    const state = fixtures.derivLoggedOut();
    transport.events.emit(STATE_CHANNEL, { sender: 'secret ipc event' }, state);
    off();
    transport.events.emit(STATE_CHANNEL, {}, state);
    expect(seen).toEqual([[state]]);
  });
});
