// The console's shell: the hash router, the navigation and the sign-out. Pages live in ./pages/.

import { h, fill, announce } from './dom.js';
import * as session from './session.js';
import * as api from './api.js';
import * as signin from './pages/signin.js';
import * as leads from './pages/leads.js';
import * as lead from './pages/lead.js';
import * as workflows from './pages/workflows.js';
import * as batches from './pages/batches.js';
import * as settings from './pages/settings.js';
import * as operator from './pages/operator.js';

const TENANT_PAGES = [['leads', 'Leads'], ['workflows', 'Workflows'], ['batches', 'Nightly batches'], ['settings', 'Settings']];
const OPERATOR_PAGES = [['operator', 'Operator']];

let cleanup = null;

/** The current location: #/section/a/b?x=1 → { section, parts: [a, b], query }. */
function location() {
  const raw = window.location.hash.replace(/^#\/?/, '');
  const [pathPart, queryPart] = raw.split('?', 2);
  const [section, ...parts] = pathPart.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  return { section: section ?? '', parts, query: new URLSearchParams(queryPart ?? '') };
}

/** Goes to a console location such as '#/leads/abc'. */
export function go(hash) {
  if (window.location.hash === hash) {
    route();
  } else {
    window.location.hash = hash;
  }
}

function renderChrome(who, current) {
  const nav = document.getElementById('nav');
  const pages = who?.kind === 'operator' ? OPERATOR_PAGES : who ? TENANT_PAGES : [];
  fill(nav, h('ul', {}, pages.map(([section, label]) =>
    h('li', {}, h('a', { href: `#/${section}`, 'aria-current': section === current ? 'page' : null }, label)))));
  const whoBox = document.getElementById('who');
  if (!who) {
    fill(whoBox);
    return;
  }
  fill(whoBox,
    h('span', { class: 'who-kind' }, who.kind === 'operator' ? 'Operator' : `Tenant key ${keyId(who.key)}`),
    h('button', { type: 'button', class: 'secondary', on: { click: signOut } }, 'Sign out'));
}

/** The key id of a tenant key (ofk_{keyId}_{secret}); never the secret. */
function keyId(key) {
  const match = /^ofk_([^_]+)_/.exec(key);
  return match ? match[1] : '';
}

function signOut() {
  session.end();
  go('#/signin');
  announce('Signed out.');
}

async function route() {
  // The skip link moves focus to the page; it is not a console location.
  if (window.location.hash === '#main') {
    return;
  }
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const where = location();
  const who = session.current();
  const main = document.getElementById('main');
  if (!who || where.section === 'signin') {
    renderChrome(null, 'signin');
    cleanup = await signin.render(main, where, { go });
    return;
  }
  const allowed = (who.kind === 'operator' ? OPERATOR_PAGES : TENANT_PAGES).map(([section]) => section);
  const section = allowed.includes(where.section) ? where.section : allowed[0];
  renderChrome(who, section);
  const page = {
    leads: where.parts.length > 0 ? lead : leads,
    workflows,
    batches,
    settings,
    operator,
  }[section];
  fill(main, h('p', { class: 'loading' }, 'Loading…'));
  try {
    cleanup = await page.render(main, where, { go, who }) ?? null;
  } catch (error) {
    fill(main, h('h1', {}, 'Something went wrong'), h('div', { class: 'notice notice-error', role: 'alert' }, error.message));
  }
  main.focus({ preventScroll: true });
}

api.whenUnauthorized((error) => {
  session.end();
  go(`#/signin?reason=${encodeURIComponent(error.message)}`);
});

window.addEventListener('hashchange', route);
route();
