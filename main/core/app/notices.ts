/**
 * The notices shown to the user: codes with parameters, worded by the renderer in the user's
 * language. The same problem is one notice: raising it again replaces the earlier one (new id,
 * moved to the end) instead of stacking a copy.
 */
import type { Notice, NoticeInput } from '../model';

export class NoticeBoard {
  private notices: Notice[] = [];
  private seq = 0;

  constructor(private readonly changed: () => void) {}

  list(): Notice[] {
    return [...this.notices];
  }

  add(input: NoticeInput): void {
    const key = keyOf(input);
    const notice = { ...input, id: `n${++this.seq}` } as Notice;
    this.notices = [...this.notices.filter((n) => keyOf(n) !== key), notice];
    this.changed();
  }

  dismiss(id: string): void {
    this.notices = this.notices.filter((n) => n.id !== id);
    this.changed();
  }

  clear(): void {
    this.notices = [];
    this.changed();
  }
}

function keyOf(n: NoticeInput): string {
  return `${n.code}\u0000${JSON.stringify(n.params)}`;
}
