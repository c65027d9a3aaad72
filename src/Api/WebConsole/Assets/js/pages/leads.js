// Leads: the list with a status filter and a search by email or lead id, and the bulk retry of a workflow's failed leads.

import { h, fill, field, select, table, notice, announce } from '../dom.js';
import * as api from '../api.js';
import { time } from '../format.js';
import { problem, badge, act } from './common.js';

const STATUSES = ['accepted', 'running', 'waiting', 'completed', 'failed', 'cancelled'];

export async function render(main, where, { go }) {
  document.title = 'Leads · OrleansFlows console';
  const status = where.query.get('status') ?? '';
  const q = (where.query.get('q') ?? '').trim();
  const workflow = where.query.get('workflow') ?? '';
  let workflows = [];
  try {
    workflows = (await api.get('/v1/workflows')).items ?? [];
  } catch (error) {
    if (error.status === 401) {
      return null;
    }
  }

  const statusInput = select([['', 'Any status'], ...STATUSES.map((s) => [s, s])], status, { name: 'status' });
  const workflowInput = select([['', 'Any workflow'], ...workflows.map((w) => [w.name, w.name])], workflow, { name: 'workflow' });
  const search = h('input', { type: 'search', name: 'q', value: q, placeholder: 'ann@example.com or a lead id' });
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter leads', on: { submit: (event) => {
    event.preventDefault();
    go(`#/${api.path('leads', { status: statusInput.value, workflow: workflowInput.value, q: search.value.trim() })}`);
  } } },
  field('Status', statusInput),
  field('Workflow', workflowInput),
  field('Email or lead id', search),
  h('button', { type: 'submit', class: 'primary' }, 'Show'));

  const results = h('section', { 'aria-labelledby': 'results-title' }, h('h2', { id: 'results-title' }, 'Leads'));
  fill(main, h('h1', {}, 'Leads'), filters, results, bulkRetry(workflows, workflow, go));
  await showLeads(results, { status, workflow, q });
  return null;
}

async function showLeads(section, filter) {
  const body = h('div', {});
  section.append(body);
  let cursor = null;
  let shown = 0;
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
  const list = table('Leads, newest first', ['Lead', 'Email', 'Workflow', 'Status', 'Accepted', 'Updated', 'Failure'], []);
  const tbody = list.querySelector('tbody');
  body.append(list, more);

  const load = async () => {
    more.disabled = true;
    try {
      const page = await api.get(api.path('/v1/leads', { status: filter.status, workflow: filter.workflow, q: filter.q, limit: 50, cursor }));
      const items = page.items ?? [];
      for (const lead of items) {
        tbody.append(leadRow(lead));
      }
      shown += items.length;
      cursor = page.nextCursor ?? null;
      more.hidden = cursor === null;
    } catch (error) {
      body.append(problem(error, 'The leads could not be listed'));
      more.hidden = true;
      return false;
    } finally {
      more.disabled = false;
    }
    return true;
  };
  more.addEventListener('click', async () => {
    await load();
    announce(`${shown} lead(s) shown.`);
  });
  if (await load() && shown === 0) {
    body.replaceChildren(notice('info', filter.q || filter.status || filter.workflow ? 'No lead matches these filters.' : 'No leads yet.'));
  }
  announce(`${shown} lead(s) shown.`);
}

function leadRow(lead) {
  return h('tr', {},
    h('td', {}, h('a', { href: `#/leads/${encodeURIComponent(lead.leadId)}`, class: 'mono' }, lead.leadId)),
    h('td', {}, lead.email ?? '—'),
    h('td', {}, `${lead.workflow} v${lead.workflowVersion}`),
    h('td', {}, badge(lead.status)),
    h('td', {}, time(lead.acceptedAt)),
    h('td', {}, time(lead.updatedAt)),
    h('td', { class: 'wrap' }, lead.failureReason ?? ''));
}

function bulkRetry(workflows, selected, go) {
  const workflowInput = select(workflows.map((w) => [w.name, w.name]), selected || workflows[0]?.name, { name: 'bulk-workflow', required: true });
  const step = h('input', { type: 'text', name: 'failedStep', placeholder: 'any step' });
  const max = h('input', { type: 'number', name: 'max', min: 1, max: 10000, value: 1000 });
  const out = h('div', {});
  const button = h('button', { type: 'submit', class: 'primary' }, 'Retry failed leads');
  const form = h('form', { class: 'inline-form', on: { submit: (event) => {
    event.preventDefault();
    if (!window.confirm(`Retry every failed lead of '${workflowInput.value}'${step.value ? ` that failed at '${step.value}'` : ''}?`)) {
      return;
    }
    act(button, out, async () => {
      const body = { max: Number(max.value) || undefined };
      if (step.value.trim()) {
        body.failedStep = step.value.trim();
      }
      const result = await api.post(`/v1/workflows/${api.seg(workflowInput.value)}/leads/retry`, body);
      const leads = `#/${api.path('leads', { workflow: result.workflow })}`;
      return notice('ok',
        h('p', { id: 'bulk-result' }, `Operation ${result.operationId}: ${result.retried} of ${result.matched} failed lead(s) retried${result.truncated ? ' (more matched than the maximum; run it again)' : ''}. `,
          h('a', { href: leads, on: { click: (e) => {
            e.preventDefault();
            go(leads);
          } } }, `Show the leads of ${result.workflow}`)),
        (result.skipped ?? []).length ? table('Skipped', ['Lead', 'Reason'], result.skipped.map((s) => [s.leadId, s.reason])) : null);
    });
  } } },
  field('Workflow', workflowInput),
  field('Failed at step', step, 'Leave empty for any step.'),
  field('At most', max),
  button);
  return h('section', { 'aria-labelledby': 'bulk-title', class: 'panel' },
    h('h2', { id: 'bulk-title' }, 'Bulk retry'),
    workflows.length ? [form, out] : h('p', {}, 'No workflows yet.'));
}
