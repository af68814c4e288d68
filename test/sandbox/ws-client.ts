import WebSocket from 'ws';

export type Json = Record<string, unknown>;

/** A small test client over a real socket: sends JSON, matches answers by req_id, keeps every frame. */
export class WsClient {
  readonly frames: unknown[] = [];
  private waiters: { match: (m: Json) => boolean; resolve: (m: Json) => void; reject: (e: Error) => void }[] = [];
  private nextReqId = 1000;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        parsed = String(data);
      }
      this.frames.push(parsed);
      if (typeof parsed !== 'object' || parsed === null) return;
      const waiter = this.waiters.find((w) => w.match(parsed as Json));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(parsed as Json);
      }
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        for (const w of this.waiters) w.reject(new Error(`socket closed (${code}) while waiting`));
        this.waiters = [];
        resolve({ code, reason: String(reason) });
      }),
    );
  }

  static open(url: string, query = '?app_id=1089&l=EN&brand=deriv'): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url + query);
      ws.once('open', () => resolve(new WsClient(ws)));
      ws.once('error', reject);
    });
  }

  send(message: Json | string): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Waits for the next frame matching `match` that has not arrived yet (the wait is a safety net, not an assertion). */
  next(match: (m: Json) => boolean, timeoutMs = 5000): Promise<Json> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching frame arrived')), timeoutMs);
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  /** Sends a request with a fresh req_id (unless it has one) and resolves with its answer. */
  call(request: Json): Promise<Json> {
    const reqId = typeof request.req_id === 'number' ? request.req_id : this.nextReqId++;
    const answer = this.next((m) => m.req_id === reqId);
    this.send({ ...request, req_id: reqId });
    return answer;
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}

export async function post(httpUrl: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await fetch(httpUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? '' : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}
