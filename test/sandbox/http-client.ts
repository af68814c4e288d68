/** A browser-like enough HTTP helper for driving the login pages with fetch: a cookie jar and manual redirects. */
export class Browser {
  private readonly jar = new Map<string, string>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(cookie) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  /** Follows redirects on `origin` only; returns the first Location that leaves it (the app's redirect). */
  async followUntilLeaving(url: string, origin: string): Promise<URL> {
    let next = new URL(url);
    for (let hops = 0; hops < 10; hops++) {
      const res = await this.request(next.toString());
      await res.arrayBuffer();
      const location = res.headers.get('location');
      if (!location) throw new Error(`no redirect from ${next.pathname} (HTTP ${res.status})`);
      next = new URL(location, next);
      if (next.origin !== origin || next.pathname === '/redirect') return next;
    }
    throw new Error('too many redirects');
  }
}

/** The value of a named hidden or visible input, and the form's action, from the login page. */
export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[decode(m[1]!)] = decode(m[2]!);
  }
  return { action: decode(action), fields };
}

function decode(s: string): string {
  return s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}
