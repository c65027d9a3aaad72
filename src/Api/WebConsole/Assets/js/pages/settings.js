// Settings: connections (never their secrets) with add, replace and test; webhook signing secrets; API keys. A new
// secret is shown once, in the answer that made it, and the console keeps no copy.

import { h, fill, field, select, table, notice } from '../dom.js';
import * as api from '../api.js';
import * as session from '../session.js';
import { time, durationMs } from '../format.js';
import { problem, badge, act, secretOnce } from './common.js';

export async function render(main, where, { go }) {
  document.title = 'Settings · OrleansFlows console';
  const [connections, secrets, keys] = await Promise.allSettled([
    api.get('/v1/connections'), api.get('/v1/webhook-secrets'), api.get('/v1/api-keys')]);
  const reload = () => go('#/settings');
  fill(main,
    h('h1', {}, 'Settings'),
    h('section', { 'aria-labelledby': 'connections-title' }, h('h2', { id: 'connections-title' }, 'Connections'),
      connectionsView(connections, reload), connectionForm(reload)),
    h('section', { 'aria-labelledby': 'secrets-title' }, h('h2', { id: 'secrets-title' }, 'Webhook signing secrets'), secretsView(secrets)),
    h('section', { 'aria-labelledby': 'keys-title' }, h('h2', { id: 'keys-title' }, 'API keys'), keysView(keys)));
  return null;
}

function connectionsView(connections, reload) {
  if (connections.status === 'rejected') {
    return problem(connections.reason, 'Connections');
  }
  const items = connections.value.items ?? [];
  if (items.length === 0) {
    return notice('info', 'No connections yet.');
  }
  return table('Connections (secrets are never shown)', ['Name', 'Kind', 'Address', 'Headers', 'Updated', 'Check'], items.map((c) => {
    const out = h('div', {});
    const test = h('button', { type: 'button', class: 'secondary', 'aria-label': `Test connection ${c.name}` }, 'Test');
    test.addEventListener('click', () => act(test, out, async () => {
      const result = await api.post(`/v1/connections/${api.seg(c.name)}/test`);
      return notice(result.ok ? 'ok' : 'error', `${result.ok ? 'Reachable' : 'Failed'}: status ${result.status ?? '—'}, ${durationMs(result.durationMs)}${result.error ? `; ${result.error}` : ''}`);
    }));
    const remove = h('button', { type: 'button', class: 'danger', 'aria-label': `Delete connection ${c.name}` }, 'Delete');
    remove.addEventListener('click', () => {
      if (window.confirm(`Delete the connection '${c.name}'? Steps that use it will fail until it is added again.`)) {
        act(remove, out, async () => {
          await api.del(`/v1/connections/${api.seg(c.name)}`);
          reload();
        });
      }
    });
    return [h('span', { class: 'mono' }, c.name), c.kind, c.baseUrl ?? (c.webhookHost ? `webhook on ${c.webhookHost}` : '—'),
      (c.headerNames ?? []).join(', ') || '—', time(c.updatedAt), h('div', { class: 'toolbar' }, test, remove, out)];
  }));
}

function connectionForm(reload) {
  const name = h('input', { type: 'text', name: 'name', required: true, pattern: '[A-Za-z0-9_\\-]+' });
  const kind = select([['http', 'http (an API)'], ['slack', 'slack (an incoming webhook)']], 'http', { name: 'kind' });
  const baseUrl = h('input', { type: 'url', name: 'baseUrl', placeholder: 'https://api.example.com' });
  const headers = h('textarea', { name: 'headers', placeholder: 'X-Api-Key: …', autocomplete: 'off', spellcheck: 'false' });
  const webhookUrl = h('input', { type: 'password', name: 'webhookUrl', autocomplete: 'off', placeholder: 'https://hooks.slack.com/services/…' });
  const httpFields = h('div', {}, field('Base URL', baseUrl), field('Headers', headers, 'One "Name: value" a line; values are encrypted and never shown again.'));
  const slackFields = h('div', { hidden: true }, field('Webhook URL', webhookUrl, 'Encrypted and never shown again.'));
  kind.addEventListener('change', () => {
    httpFields.hidden = kind.value !== 'http';
    slackFields.hidden = kind.value !== 'slack';
  });
  const out = h('div', {});
  const button = h('button', { type: 'submit', class: 'primary' }, 'Save connection');
  return h('div', { class: 'panel' }, h('h3', {}, 'Add or replace a connection'), h('form', { class: 'stacked-form', on: { submit: (event) => {
    event.preventDefault();
    act(button, out, async () => {
      const body = kind.value === 'http'
        ? { kind: 'http', baseUrl: baseUrl.value.trim(), headers: parseHeaders(headers.value) }
        : { kind: 'slack', webhookUrl: webhookUrl.value.trim() };
      await api.put(`/v1/connections/${api.seg(name.value.trim())}`, body);
      headers.value = '';
      webhookUrl.value = '';
      reload();
      return notice('ok', `Connection '${name.value.trim()}' saved.`);
    });
  } } }, field('Name', name), field('Kind', kind), httpFields, slackFields, button, out));
}

function parseHeaders(text) {
  const headers = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) {
      headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  return headers;
}

function secretsView(secrets) {
  const list = h('div', {});
  const showList = (answer) => fill(list, (answer.items ?? []).length
    ? table('Active secrets (the secrets themselves are never shown)', ['Secret id', 'Created', 'State'],
      answer.items.map((s) => [h('span', { class: 'mono' }, s.secretId), time(s.createdAt), badge(s.state)]))
    : notice('info', 'No webhook secret yet.'));
  if (secrets.status === 'fulfilled') {
    showList(secrets.value);
  } else {
    fill(list, problem(secrets.reason, 'The list of secrets'));
  }
  const out = h('div', {});
  const button = h('button', { type: 'button', class: 'primary' }, 'Create or rotate the secret');
  button.addEventListener('click', () => {
    if (!window.confirm('Create a new webhook signing secret? The previous one stays valid until the next rotation.')) {
      return;
    }
    act(button, out, async () => {
      const created = await api.post('/v1/webhook-secrets');
      const shown = secretOnce(`Webhook secret ${created.secretId}`, created.secret);
      // The list is read again so it shows the new secret as current and the one before as previous.
      try {
        showList(await api.get('/v1/webhook-secrets'));
      } catch (error) {
        fill(list, problem(error, 'The list of secrets'));
      }
      return shown;
    });
  });
  return [list, h('div', { class: 'toolbar' }, button), out];
}

function keysView(keys) {
  const list = h('div', {});
  const out = h('div', {});
  let active = [];
  const refresh = async () => {
    try {
      showKeys((await api.get('/v1/api-keys')).items ?? []);
    } catch (error) {
      fill(list, problem(error, 'API keys'));
    }
  };
  const showKeys = (items) => {
    active = items;
    fill(list, table('Active API keys (ids only)', ['Key id', 'Created', 'In use', ''], items.map((k) => {
      const revoke = h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke API key ${k.keyId}` }, 'Revoke');
      revoke.addEventListener('click', () => {
        const warning = k.current ? ' This console is signed in with it and signs out.' : '';
        if (window.confirm(`Revoke the API key ${k.keyId}? Clients that use it get 401 within seconds.${warning}`)) {
          act(revoke, out, async () => {
            await api.del(`/v1/api-keys/${api.seg(k.keyId)}`);
            await refresh();
            return notice('ok', `API key ${k.keyId} revoked.`);
          });
        }
      });
      return [h('span', { class: 'mono' }, k.keyId), time(k.createdAt), k.current ? 'this console' : '', revoke];
    })));
  };
  if (keys.status === 'fulfilled') {
    showKeys(keys.value.items ?? []);
  } else {
    fill(list, problem(keys.reason, 'API keys'));
  }
  const button = h('button', { type: 'button', class: 'primary' }, 'Create an API key');
  button.addEventListener('click', () => {
    // At most two keys are active: issuing a third revokes the oldest.
    const oldest = active.length >= 2 ? [...active].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)))[0] : null;
    if (oldest && !window.confirm(`Two keys are active: a new key revokes the oldest, ${oldest.keyId}${oldest.current ? ', the key this console is signed in with (the console goes on with the new key)' : ''}. Create a new key?`)) {
      return;
    }
    act(button, out, async () => {
      const created = await api.post('/v1/api-keys');
      if (oldest?.current) {
        session.start('tenant', created.apiKey);
      }
      const shown = secretOnce(`API key ${created.keyId}`, created.apiKey);
      await refresh();
      return shown;
    });
  });
  return [list, h('div', { class: 'toolbar' }, button), out];
}
