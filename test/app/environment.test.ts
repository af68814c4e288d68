import { describe, expect, it } from 'vitest';

import { endpointOverridesFrom } from '../../main/core/app/environment';

describe('endpoint overrides from the environment', () => {
  it('takes a valid app_id and an interceptable redirect URL', () => {
    expect(
      endpointOverridesFrom({ DERIV_APP_ID: ' 4242 ', DERIV_REDIRECT_URL: 'https://app.example.com/redirect' }),
    ).toEqual({ appId: '4242', redirectUrl: 'https://app.example.com/redirect', refused: [] });
    expect(endpointOverridesFrom({})).toEqual({ refused: [] });
  });

  it.each([
    ['DERIV_REDIRECT_URL', { DERIV_REDIRECT_URL: 'deriv-desktop://callback/' }],
    ['DERIV_REDIRECT_URL', { DERIV_REDIRECT_URL: 'http://app.example.com/redirect' }],
    ['DERIV_APP_ID', { DERIV_APP_ID: '12ab' }],
  ])('ignores %s when it breaks the rules, and names it', (name, env) => {
    const out = endpointOverridesFrom(env);
    expect(out.refused).toEqual([name]);
    expect(out.appId).toBeUndefined();
    expect(out.redirectUrl).toBeUndefined();
  });
});
