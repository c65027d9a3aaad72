// Pieces several pages share.

import { h } from '../dom.js';

/** What an API refusal looks like on a page: its detail, and each field error. */
export function problem(error, what) {
  const lines = error.fieldErrors ?? [];
  return h('div', { class: 'notice notice-error', role: 'alert' },
    h('p', {}, `${what ? `${what}: ` : ''}${error.message}`),
    lines.length ? h('ul', {}, lines.map((line) => h('li', {}, line))) : null);
}

/** A status as a labelled badge (the colour is decoration; the word carries the meaning). */
export function badge(status) {
  return h('span', { class: `badge badge-${String(status).toLowerCase()}` }, String(status));
}

/** A panel shown once with a new secret, which the API will not show again. */
export function secretOnce(label, value) {
  const output = h('input', { type: 'text', readonly: true, value, class: 'secret-value', 'aria-label': label });
  return h('div', { class: 'notice notice-ok secret-once', role: 'status' },
    h('p', {}, h('strong', {}, `${label} (shown once): `), 'copy it now; the API will not show it again, and the console keeps no copy.'),
    output,
    h('button', { type: 'button', class: 'secondary', on: { click: async () => {
      output.select();
      try {
        await navigator.clipboard.writeText(value);
      } catch {
        // The text stays selected for a manual copy when the clipboard is not available (an http origin).
      }
    } } }, 'Copy'));
}

/** Runs an action from a button: disables it meanwhile and shows the result or the refusal in `out`. */
export async function act(button, out, action) {
  button.disabled = true;
  out.replaceChildren();
  try {
    const result = await action();
    if (result instanceof Node) {
      out.append(result);
    }
  } catch (error) {
    out.append(error.problem !== undefined ? problem(error) : h('div', { class: 'notice notice-error', role: 'alert' }, error.message));
  } finally {
    button.disabled = false;
  }
}
