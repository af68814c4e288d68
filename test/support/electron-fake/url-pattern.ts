/**
 * Chromium's extension URL patterns as `webRequest` filters use them (extensions/common/url_pattern.cc
 * via shell/browser/api/electron_api_web_request.cc): an unparsable pattern makes the `on…` call
 * throw `TypeError('Invalid url pattern <p>: <reason>')` (spec/api-net-session-spec.ts
 * "Should throw when invalid filters are passed").
 */
export interface UrlPattern {
  matches(url: string): boolean;
}

const SCHEME = /^(\*|[a-z][a-z0-9+.-]*)$/;

export function parseUrlPattern(pattern: string): UrlPattern {
  if (pattern === '<all_urls>') return { matches: () => true };
  const fail = (reason: string): never => {
    throw new TypeError(`Invalid url pattern ${pattern}: ${reason}`);
  };
  const sep = pattern.indexOf('://');
  if (sep < 0) fail('Missing scheme separator.');
  const scheme = pattern.slice(0, sep);
  if (!SCHEME.test(scheme)) fail('Invalid scheme.');
  const rest = pattern.slice(sep + 3);
  const slash = rest.indexOf('/');
  if (slash < 0) fail('Empty path.');
  let hostPort = rest.slice(0, slash);
  const path = rest.slice(slash);
  let port = '*';
  const colon = hostPort.lastIndexOf(':');
  if (colon >= 0 && !hostPort.endsWith(']')) {
    port = hostPort.slice(colon + 1);
    hostPort = hostPort.slice(0, colon);
    if (port !== '*' && !/^\d+$/.test(port)) fail('Invalid port.');
  }
  if (!hostPort && scheme !== 'file') fail('Empty host.');
  const anySub = hostPort.startsWith('*.');
  const host = (anySub ? hostPort.slice(2) : hostPort).toLowerCase();
  if (host !== '*' && host.includes('*')) fail('Invalid host wildcard.');
  const pathRe = new RegExp(`^${path.split('*').map(escapeRe).join('.*')}$`);

  return {
    matches(candidate) {
      let url: URL;
      try {
        url = new URL(candidate);
      } catch {
        return false;
      }
      const s = url.protocol.slice(0, -1);
      if (scheme === '*' ? !['http', 'https', 'ws', 'wss'].includes(s) : s !== scheme) return false;
      const h = url.hostname.toLowerCase();
      if (host !== '*' && !(h === host || (anySub && h.endsWith(`.${host}`)))) return false;
      if (port !== '*' && url.port !== port) return false;
      return pathRe.test(url.pathname + url.search);
    },
  };
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
