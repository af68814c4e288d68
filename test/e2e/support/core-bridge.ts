/**
 * Node's side of the journeys' IPC: a Chromium page wired to a real app core through exactly the
 * `DesktopApi` contract. The page's `window.desktop` is `buildDesktopApi` (the preload's own code,
 * bundled by esbuild) over a Playwright binding; each call goes through the real dispatcher
 * (allow-list, sender-frame check, zod validation) to the controller's command table, and every
 * controller snapshot is pushed back on the state channel. Everything that crosses, both ways, is
 * recorded for the token scans (a pasted secret's own field aside: `redactPasted`).
 */
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import type { Page } from 'playwright-core';

import {
  type AppState,
  COMMAND_NAMES,
  commandChannel,
  type CommandError,
  STATE_CHANNEL,
} from '../../../main/ipc/contract';
import { createDispatcher, type Dispatch } from '../../../main/ipc/dispatch';
import type { Harness } from '../../support/app-harness';
import { redactPasted } from '../../support/pasted-secrets';

export interface Crossing {
  direction: 'to-core' | 'to-page';
  channel: string;
  payload: unknown;
}

const PAGE_BRIDGE = fileURLToPath(new URL('./page-bridge.ts', import.meta.url));
let bundled: Promise<string> | null = null;

/** The page bridge as one classic script (an init script cannot be a module). */
export function pageBridgeScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [PAGE_BRIDGE],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  }).then((result) => {
    const file = result.outputFiles[0];
    if (!file) throw new Error('esbuild produced no output for the page bridge');
    return file.text;
  });
  return bundled;
}

const commandByChannel = new Map<string, string>(COMMAND_NAMES.map((name) => [commandChannel(name), name]));

export class CoreBridge {
  /** Every payload that crossed the DesktopApi boundary, in order. */
  readonly crossings: Crossing[] = [];
  /** Commands the dispatcher refused (wrong sender, bad argument …). */
  readonly rejected: { name: string; error: CommandError }[] = [];
  private dispatch: Dispatch | null = null;
  private stopState: (() => void) | null = null;
  private pushes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly page: Page,
    private readonly appOrigin: string,
  ) {}

  /** Installs the binding and the bridge script; call before the page loads the app. */
  static async install(page: Page, appOrigin: string): Promise<CoreBridge> {
    const bridge = new CoreBridge(page, appOrigin);
    await page.exposeBinding('__desktopInvoke', async (source, channel: unknown, args: unknown) => {
      const frame = source.frame;
      return bridge.invoke(String(channel), args, { url: frame.url(), isMainFrame: frame.parentFrame() === null });
    });
    await page.addInitScript({ content: await pageBridgeScript() });
    return bridge;
  }

  /** Points the page at a (new) core: its commands and its state snapshots. */
  attach(harness: Harness): void {
    this.detach();
    this.dispatch = createDispatcher({
      handlers: harness.controller.handlers(),
      appOrigin: this.appOrigin,
      onRejected: (name, error) => this.rejected.push({ name, error }),
    });
    this.stopState = harness.controller.onState((state) => this.push(state));
  }

  detach(): void {
    this.stopState?.();
    this.stopState = null;
    this.dispatch = null;
  }

  /** Resolves once every snapshot published so far has reached the page (or the page was gone). */
  settled(): Promise<void> {
    return this.pushes;
  }

  private async invoke(
    channel: string,
    args: unknown,
    sender: { url: string; isMainFrame: boolean },
  ): Promise<unknown> {
    const name = commandByChannel.get(channel) ?? channel;
    // What the trader pasted goes to main on purpose: recorded without it, the rest scanned as sent.
    this.crossings.push({ direction: 'to-core', channel, payload: redactPasted(name, args) });
    const dispatch = this.dispatch;
    const result = dispatch ? await dispatch(name, sender, args) : { ok: false, error: { code: 'failed', params: {} } };
    // As in Electron, where main's messages to a frame travel in order on one pipe: the snapshots
    // published while the command ran reach the page before its answer.
    await this.pushes;
    this.crossings.push({ direction: 'to-page', channel, payload: result });
    return result;
  }

  private push(state: AppState): void {
    this.crossings.push({ direction: 'to-page', channel: STATE_CHANNEL, payload: state });
    // In order, one at a time: like IPC messages on one channel.
    this.pushes = this.pushes.then(() =>
      this.page
        .evaluate(
          ([channel, payload]) =>
            (window as unknown as { __desktopPush?: (c: string, p: unknown) => void }).__desktopPush?.(
              channel,
              payload,
            ),
          [STATE_CHANNEL, state] as const,
        )
        // The page may be navigating or closed; it asks for the state again when it loads.
        .catch(() => undefined),
    );
  }
}
