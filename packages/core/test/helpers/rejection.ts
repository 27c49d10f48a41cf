import { XaiError } from '../../src/errors.js';

/** How `p` settles, as text: `CODE: message` for an XaiError, `'resolved'` if it does not reject. */
export async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (XaiError.isInstance(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'resolved';
}
