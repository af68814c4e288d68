/**
 * Switching the active account within the frame of the key press (issue 24).
 *
 * The selection moves in the renderer at once: App holds an optimistic active account id over
 * main's state, and main's answer confirms it or undoes it. Main publishes the switched state
 * before it answers the command (Electron delivers a frame's messages from main in order, on one
 * pipe), so when the answer arrives the state shown is main's own again: the switch taken, or,
 * refused, the previous account back with the refusal shown as for any command. A press made
 * before main's snapshot arrived is compared with the account last asked for, not with a stale one.
 *
 * Components switch through `useCommands().switchTo`: one stable function, so a list of accounts
 * (memoised rows) gets the same prop on every render.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import type { AccountView, AppState, DesktopApi } from '../../main/ipc/contract';
import type { Commands } from './commands';
import { keepUnchanged } from './stable-state';

export type SwitchTo = (accountId: string) => void;

/**
 * App's side: main's state with the account asked for shown as active until main answered, and
 * the stable `switchTo` that asks for it.
 */
export function useOptimisticSwitch(
  api: DesktopApi,
  send: Commands['send'],
  state: AppState | null,
): { shown: AppState | null; switchTo: SwitchTo } {
  const [asked, setAsked] = useState<string | null>(null);
  // Read in the handler, between renders: the latest ask, and the state shown (kept below).
  const latest = useRef({ asked: null as string | null, seq: 0 });
  const last = useRef<AppState | null>(null);

  const switchTo = useCallback<SwitchTo>(
    (accountId) => {
      const now = latest.current;
      if (accountId === (now.asked ?? last.current?.activeAccountId)) return;
      const seq = ++now.seq;
      now.asked = accountId;
      setAsked(accountId);
      void send(api.switchAccount({ accountId })).then(() => {
        // A later press is still out: it is the one main's answer will settle.
        if (seq !== now.seq) return;
        now.asked = null;
        setAsked(null);
      });
    },
    [api, send],
  );

  // Main's snapshot that confirms a switch equals what was shown since the key press: the object
  // shown then is kept, so memoised components are not rendered a second time for it.
  const shown = useMemo(() => {
    const next =
      state && asked !== null && asked !== state.activeAccountId ? { ...state, activeAccountId: asked } : state;
    return (last.current = last.current && next ? keepUnchanged(last.current, next) : next);
  }, [state, asked]);
  return { shown, switchTo };
}

/** Ctrl+1…9 (Cmd on macOS) switch to the Nth account, unless a dialog is open. */
export function useSwitchShortcuts(accounts: readonly AccountView[], switchTo: SwitchTo): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      if (!/^[1-9]$/.test(e.key) || document.querySelector('[role="dialog"]')) return;
      const account = accounts[Number(e.key) - 1];
      if (!account) return;
      e.preventDefault();
      // Compared by `switchTo` with the account last asked for, never with a stale active one.
      if (!account.isDisabled) switchTo(account.accountId);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [accounts, switchTo]);
}
