import type { DesktopApi } from '../../main/ipc/contract';

declare global {
  interface Window {
    /** Exposed by the preload through contextBridge; the renderer's only way to main. */
    desktop: DesktopApi;
  }
}
export {};
