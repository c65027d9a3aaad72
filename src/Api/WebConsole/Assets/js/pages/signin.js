// Sign-in: a tenant with an API key, the operator with the operator key. The key is checked with one API call and
// then kept in this tab's sessionStorage only.

import { h, fill, field, notice, announce } from '../dom.js';
import * as api from '../api.js';
import * as session from '../session.js';

export async function render(main, where, { go }) {
  document.title = 'Sign in · OrleansFlows console';
  const key = h('input', { type: 'password', name: 'key', required: true, autocomplete: 'off', spellcheck: 'false' });
  const tenant = h('input', { type: 'radio', name: 'kind', value: 'tenant', id: 'kind-tenant', checked: true });
  const operator = h('input', { type: 'radio', name: 'kind', value: 'operator', id: 'kind-operator' });
  const out = h('div', {});
  const reason = where.query.get('reason');
  if (reason) {
    out.append(notice('error', `Signed out: ${reason}`));
  }
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'signin', 'aria-labelledby': 'signin-title', on: { submit: async (event) => {
    event.preventDefault();
    const kind = operator.checked ? 'operator' : 'tenant';
    const value = key.value.trim();
    submit.disabled = true;
    out.replaceChildren();
    try {
      // One read that only this kind of key may make tells whether the key is valid.
      await api.call('GET', kind === 'operator' ? '/v1/tenants?limit=1' : '/v1/workflows', undefined, value);
      session.start(kind, value);
      key.value = '';
      announce('Signed in.');
      go(kind === 'operator' ? '#/operator' : '#/leads');
    } catch (error) {
      out.append(notice('error', error.status === 401 ? `The ${kind === 'operator' ? 'operator key' : 'API key'} was refused: ${error.message}` : error.message));
    } finally {
      submit.disabled = false;
    }
  } } },
  h('fieldset', {},
    h('legend', {}, 'Sign in as'),
    h('div', { class: 'radio' }, tenant, h('label', { for: 'kind-tenant' }, 'Tenant (API key ofk_…)')),
    h('div', { class: 'radio' }, operator, h('label', { for: 'kind-operator' }, 'Operator (operator key)'))),
  field('Key', key, 'Kept in this browser tab only (sessionStorage) and sent as Authorization: Bearer; never a cookie.'),
  submit,
  out);
  fill(main, h('h1', { id: 'signin-title' }, 'Sign in'), form);
  key.focus();
  return null;
}
