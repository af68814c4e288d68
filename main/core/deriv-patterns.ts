/**
 * Deriv's own patterns (from its API schemas), defined once: every module that checks a token or a
 * login id uses these, so an id one part accepts can never be refused by another.
 */

/** `authorize` / `tokens` items: `^[\w\-]{1,128}$`. */
export const TOKEN_PATTERN = /^[\w-]{1,128}$/;

/** `loginid` of account-scoped calls: letters then digits (CR123, VRTC456, MF7). */
export const LOGINID_PATTERN = /^[A-Za-z]+[0-9]+$/;

// A current-API `account_id` (or any account id) is the domain model's `ACCOUNT_ID_PATTERN`.

/**
 * A current-API secret the app stores or sends (refresh token, PAT): opaque, so only bounded and
 * printable ASCII without spaces, which is what can travel in an `Authorization` header.
 */
export const CREDENTIAL_SECRET_PATTERN = /^[\x21-\x7e]{1,4096}$/;
