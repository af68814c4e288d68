/** How the sandbox's two authorization servers register a client, from its redirect URL. */

/**
 * A client registered with a loopback redirect (`http://127.0.0.1/…`) or a custom scheme is a
 * native app: oidc-provider then accepts its loopback redirect on any port (RFC 8252 §7.3), as a
 * sign-in in the system browser needs. An https redirect is a web client's, matched exactly.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export function applicationType(redirectUrl: string): 'web' | 'native' {
  const url = new URL(redirectUrl);
  if (url.protocol === 'https:') return 'web';
  if (url.protocol === 'http:') return LOOPBACK_HOSTS.has(url.hostname) ? 'native' : 'web';
  return 'native';
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
