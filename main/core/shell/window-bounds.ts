/** Remembered window geometry, restored only where it is still visible on a connected display. */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedWindowState {
  bounds: Bounds;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1100, height: 760 } as const;
export const MIN_SIZE = { width: 800, height: 600 } as const;

function intersects(a: Bounds, b: Bounds): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * The bounds to open with: the saved ones when they overlap a display (a monitor may have been
 * unplugged since), else the default size, centred by the OS.
 */
export function boundsToRestore(
  saved: SavedWindowState | undefined,
  workAreas: Bounds[],
): { bounds: Partial<Bounds> & { width: number; height: number }; maximized: boolean } {
  if (saved && Number.isFinite(saved.bounds.width) && workAreas.some((area) => intersects(saved.bounds, area))) {
    return {
      bounds: {
        ...saved.bounds,
        width: Math.max(saved.bounds.width, MIN_SIZE.width),
        height: Math.max(saved.bounds.height, MIN_SIZE.height),
      },
      maximized: saved.maximized,
    };
  }
  return { bounds: { ...DEFAULT_SIZE }, maximized: false };
}
