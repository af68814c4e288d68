/**
 * Deriv's own patterns (from its API schemas), defined once: every module that checks a token or a
 * login id uses these, so an id one part accepts can never be refused by another.
 */

/** `authorize` / `tokens` items: `^[\w\-]{1,128}$`. */
export const TOKEN_PATTERN = /^[\w-]{1,128}$/;

/** `loginid` of account-scoped calls: letters then digits (CR123, VRTC456, MF7). */
export const LOGINID_PATTERN = /^[A-Za-z]+[0-9]+$/;
