import { escapeHtml } from './http-util';
import { FEDERATED_GOOGLE_PATH } from './identity-provider';
import type { SandboxUser } from './types';

const STYLE = `
body{font-family:system-ui,sans-serif;background:#f2f3f4;color:#333;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;border-radius:8px;box-shadow:0 2px 8px rgba(0,0,0,.15);padding:32px;width:340px}
h1{font-size:20px;margin:0 0 8px;color:#ff444f}
p{font-size:14px;line-height:1.4}
label{display:block;font-size:13px;margin:12px 0 4px}
input[type=email],input[type=password]{box-sizing:border-box;width:100%;padding:8px;border:1px solid #ccc;border-radius:4px;font-size:14px}
.buttons{display:flex;gap:8px;margin-top:20px}
button{flex:1;padding:10px;border-radius:4px;border:1px solid #ff444f;font-size:14px;cursor:pointer}
button[value=approve]{background:#ff444f;color:#fff}
button[value=deny]{background:#fff;color:#ff444f}
.error{color:#c00;font-size:13px}
.federated{text-align:center}
.federated a{color:#333}
small{display:block;margin-top:20px;color:#777;font-size:11px;line-height:1.5}
`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export interface LoginPageInput {
  action: string;
  appName: string;
  hidden: Record<string, string>;
  users: SandboxUser[];
  error?: string;
  email?: string;
}

/** The demo login and consent page, shared by the legacy flow and the OIDC interaction. */
export function loginPage(input: LoginPageInput): string {
  const hidden = Object.entries(input.hidden)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const demo = input.users
    .map(
      (u) =>
        `${escapeHtml(u.email)} / ${escapeHtml(u.password)} (${u.accounts.length} account${u.accounts.length > 1 ? 's' : ''})`,
    )
    .join('<br>');
  return layout(
    'Log in | Deriv sandbox',
    `<h1>Deriv sandbox</h1>
<p><strong>${escapeHtml(input.appName)}</strong> wants to access your Deriv accounts.</p>
${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ''}
<form method="post" action="${escapeHtml(input.action)}">${hidden}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" value="${escapeHtml(input.email ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<div class="buttons"><button type="submit" name="action" value="approve">Approve</button><button type="submit" name="action" value="deny" formnovalidate>Deny</button></div>
</form>
<p class="federated"><a href="${FEDERATED_GOOGLE_PATH}">Continue with Google</a></p>
<small>Local sandbox, not Deriv. Demo users:<br>${demo}</small>`,
  );
}

export function errorPage(status: number, title: string, message: string): string {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(message)}</p><small>HTTP ${status} · Deriv sandbox</small>`,
  );
}

export function redirectLandingPage(): string {
  return layout(
    'Redirect reached | Deriv sandbox',
    `<h1>Tokens should never have arrived here</h1><p role="alert">This is the sandbox's default redirect URL. The app is meant to intercept this redirect before it leaves the login window, so this page loading means the interception did not work.</p>`,
  );
}
