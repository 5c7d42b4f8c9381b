/** Nonces for the webview's Content-Security-Policy. */
import { randomBytes } from 'node:crypto';

/**
 * A fresh nonce per render, from the OS CSPRNG. Why not Math.random: a predictable nonce lets
 * injected markup run script, which is what the nonce is there to stop.
 */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}
