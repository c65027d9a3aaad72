// The signed-in key lives in this tab's sessionStorage only: it is never a cookie, so the browser never sends it by
// itself, and a page of another site can't make a request that carries it. Closing the tab forgets it.

const STORAGE_KEY = 'orleansflows.console.session';

/** The session: { kind: 'tenant' | 'operator', key }, or null. */
export function current() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    return stored && typeof stored.key === 'string' && (stored.kind === 'tenant' || stored.kind === 'operator') ? stored : null;
  } catch {
    return null;
  }
}

export function start(kind, key) {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ kind, key }));
}

export function end() {
  sessionStorage.removeItem(STORAGE_KEY);
}
