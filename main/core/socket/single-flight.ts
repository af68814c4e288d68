/** At most one run of a piece of async work at a time: a second request joins the one in flight. */
export class SingleFlight {
  running: Promise<void> | null = null;

  run(work: () => Promise<void>): Promise<void> {
    if (this.running) return this.running;
    const run = Promise.resolve().then(work);
    this.running = run;
    void run
      .finally(() => {
        if (this.running === run) this.running = null;
      })
      .catch(() => undefined);
    return run;
  }

  /** Stop treating the run in flight as current (it was for a connection now abandoned). */
  forget(): void {
    this.running = null;
  }
}
