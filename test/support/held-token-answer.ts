/**
 * A `fetch` for the current-API session that holds back the token endpoint's FIRST answer: the
 * request reaches the server (which rotates the refresh token at once), but the session sees the
 * answer only when the test releases it. That is the window in which a restarted or replaced session
 * could send the same refresh token again. Every later token request and every REST call pass through.
 */
export interface HeldTokenAnswer {
  fetch: typeof fetch;
  /** The server has answered the first token request (it is held). */
  answered(): boolean;
  /** Token-endpoint requests made so far. */
  requests(): number;
  release(): void;
}

export function holdFirstTokenAnswer(tokenEndpoint: string): HeldTokenAnswer {
  let count = 0;
  let answered = false;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url !== tokenEndpoint) return fetch(input, init);
    const first = ++count === 1;
    const res = await fetch(input, init);
    if (!first) return res;
    // Read now, so that nothing of the request (its timeout) can touch it while it is held.
    const body = await res.arrayBuffer();
    answered = true;
    await released;
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    headers.delete('content-encoding');
    return new Response(body, { status: res.status, statusText: res.statusText, headers });
  };
  return { fetch: held, answered: () => answered, requests: () => count, release };
}
