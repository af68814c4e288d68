/** The callers of `DerivSession.start` waiting for the first time online (or for its failure). */
export class StartWaiters<T> {
  private list: { resolve(value: T): void; reject(error: Error): void }[] = [];

  /** Someone waits (an error for them is worth making: its stack trace costs a login ~10 µs). */
  get pending(): boolean {
    return this.list.length > 0;
  }

  wait(): Promise<T> {
    return new Promise<T>((resolve, reject) => this.list.push({ resolve, reject }));
  }

  /** Move every waiter out, to be settled later (the list is empty before any of them runs). */
  take(): StartWaiters<T> {
    const taken = new StartWaiters<T>();
    taken.list = this.list;
    this.list = [];
    return taken;
  }

  resolveAll(value: T): void {
    for (const w of this.take().list) w.resolve(value);
  }

  rejectAll(error: Error): void {
    for (const w of this.take().list) w.reject(error);
  }
}
