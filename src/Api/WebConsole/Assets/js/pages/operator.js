// Operator: the tenants with suspend and resume, the cluster's silos, and a link to the Orleans Dashboard.

import { h, fill, table, notice } from '../dom.js';
import * as api from '../api.js';
import { time } from '../format.js';
import { problem, badge, act } from './common.js';

export async function render(main, where, { go }) {
  document.title = 'Operator · OrleansFlows console';
  const cursor = where.query.get('cursor');
  const [tenants, silos] = await Promise.allSettled([
    api.get(api.path('/v1/tenants', { limit: 100, cursor })), api.get('/v1/cluster/silos')]);
  fill(main,
    h('h1', {}, 'Operator'),
    h('section', { 'aria-labelledby': 'tenants-title' }, h('h2', { id: 'tenants-title' }, 'Tenants'), tenantsView(tenants, go)),
    h('section', { 'aria-labelledby': 'silos-title' }, h('h2', { id: 'silos-title' }, 'Cluster'), silosView(silos),
      h('p', {}, h('a', { href: '/dashboard/', target: '_blank', rel: 'noopener noreferrer' }, 'Open the Orleans Dashboard'),
        ' (grains, silos and calls; it asks for the operator key, as the password of HTTP Basic).')));
  return null;
}

function tenantsView(tenants, go) {
  if (tenants.status === 'rejected') {
    return problem(tenants.reason, 'Tenants');
  }
  const items = tenants.value.items ?? [];
  if (items.length === 0) {
    return notice('info', 'No tenants yet. Create one with POST /v1/tenants.');
  }
  const out = h('div', {});
  const rows = items.map((t) => {
    const button = h('button', { type: 'button', class: t.suspended ? 'primary' : 'danger', 'aria-label': `${t.suspended ? 'Resume' : 'Suspend'} tenant ${t.id}` }, t.suspended ? 'Resume' : 'Suspend');
    button.addEventListener('click', () => {
      if (!t.suspended && !window.confirm(`Suspend '${t.id}'? Its API and webhooks answer 403 until it is resumed.`)) {
        return;
      }
      act(button, out, async () => {
        await api.post(`/v1/tenants/${api.seg(t.id)}/${t.suspended ? 'resume' : 'suspend'}`);
        go(window.location.hash || '#/operator');
      });
    });
    return [h('span', { class: 'mono' }, t.id), t.name, t.timeZone, badge(t.suspended ? 'suspended' : 'active'),
      String(t.limits?.leadsPerDay ?? '—'), time(t.createdAt), button];
  });
  const next = tenants.value.nextCursor
    ? h('p', {}, h('a', { href: `#/operator?cursor=${encodeURIComponent(tenants.value.nextCursor)}` }, 'Next tenants'))
    : null;
  return [table('Tenants by id', ['Tenant', 'Name', 'Time zone', 'State', 'Leads a day', 'Created', ''], rows), out, next];
}

function silosView(silos) {
  if (silos.status === 'rejected') {
    return problem(silos.reason, 'The list of silos');
  }
  const items = silos.value.items ?? [];
  return table('Silos', ['Name', 'Address', 'Host', 'Status', 'Started'], items.map((s) => [
    s.name, h('span', { class: 'mono' }, s.address), s.hostName, badge(s.status), time(s.startedAt)]));
}
