// One lead: its status, each step with its attempts (durations, HTTP status, error), the audit trail, its data, and
// the retry-from-failed and cancel actions. While the lead is still under way the page reads it again every second.

import { h, fill, table, notice, announce } from '../dom.js';
import * as api from '../api.js';
import { time, durationMs, between, json } from '../format.js';
import { problem, badge } from './common.js';

const UNDER_WAY = ['accepted', 'running', 'waiting'];

export async function render(main, where) {
  const leadId = where.parts[0];
  document.title = `Lead ${leadId} · OrleansFlows console`;
  let timer = null;
  let stopped = false;
  const out = h('div', { class: 'actions-out' });

  let shown = null;
  const show = async () => {
    clearTimeout(timer);
    let lead;
    try {
      lead = await api.get(`/v1/leads/${api.seg(leadId)}`);
    } catch (error) {
      if (error.status === 404) {
        fill(main, h('h1', {}, 'Lead not found'), notice('error', error.message), h('p', {}, h('a', { href: '#/leads' }, 'Back to the leads')));
      } else {
        fill(main, h('h1', {}, `Lead ${leadId}`), problem(error));
      }
      return;
    }
    if (stopped) {
      return;
    }
    // Drawn again only when the lead changed, so a keyboard user's focus stays where it is while the page polls.
    const version = `${lead.updatedAt}|${lead.status}|${(lead.attempts ?? []).length}|${(lead.audit ?? []).length}`;
    if (version !== shown) {
      shown = version;
      fill(main, ...view(lead, out, () => {
        shown = null;
        return show();
      }));
    }
    if (UNDER_WAY.includes(lead.status)) {
      timer = setTimeout(show, 1000);
    }
  };
  await show();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function view(lead, out, refresh) {
  const input = lead.input ?? {};
  const name = typeof input.name === 'string' ? input.name : null;
  const email = typeof input.email === 'string' ? input.email : null;
  const change = (action, label) => async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    out.replaceChildren();
    try {
      await api.post(`/v1/leads/${api.seg(lead.id)}/${action}`);
      out.append(notice('ok', `${label}: done.`));
      announce(`${label}: done.`);
      await refresh();
    } catch (error) {
      out.append(problem(error, label));
      button.disabled = false;
    }
  };
  return [
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/leads' }, 'Leads'), ' / ', h('span', { class: 'mono' }, lead.id)),
    h('h1', {}, 'Lead ', h('span', { class: 'mono' }, lead.id)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Name'), h('dd', { id: 'lead-name' }, name ?? '—'),
      h('dt', {}, 'Email'), h('dd', { id: 'lead-email' }, email ?? '—'),
      h('dt', {}, 'Status'), h('dd', { id: 'lead-status' }, badge(lead.status)),
      h('dt', {}, 'Workflow'), h('dd', {}, h('a', { href: `#/workflows/${encodeURIComponent(lead.workflow)}/${lead.workflowVersion}` }, `${lead.workflow} v${lead.workflowVersion}`)),
      h('dt', {}, 'Accepted'), h('dd', {}, time(lead.acceptedAt)),
      h('dt', {}, 'Updated'), h('dd', {}, time(lead.updatedAt)),
      lead.failureReason ? [h('dt', {}, 'Failure'), h('dd', { class: 'wrap' }, lead.failureReason)] : null),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'primary', disabled: lead.status !== 'failed', on: { click: change('retry', 'Retry from the failed step') } }, 'Retry from failed step'),
      h('button', { type: 'button', class: 'danger', disabled: !UNDER_WAY.includes(lead.status), on: { click: change('cancel', 'Cancel') } }, 'Cancel lead'),
      h('button', { type: 'button', class: 'secondary', on: { click: () => refresh() } }, 'Refresh')),
    out,
    timeline(lead),
    audit(lead),
    h('section', { 'aria-labelledby': 'data-title' },
      h('h2', { id: 'data-title' }, 'Data'),
      h('details', {}, h('summary', {}, 'Input (as submitted)'), h('pre', { class: 'json' }, json(lead.input))),
      h('details', {}, h('summary', {}, 'Lead data (input merged with step outputs)'), h('pre', { class: 'json' }, json(lead.data)))),
  ];
}

function timeline(lead) {
  const attempts = lead.attempts ?? [];
  return h('section', { 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title' }, 'Timeline'),
    h('ol', { class: 'timeline' }, (lead.steps ?? []).map((step) => {
      const mine = attempts.filter((a) => a.stepId === step.id);
      return h('li', { class: `step step-${step.status.toLowerCase()}`, 'data-step': step.id },
        h('h3', {}, h('span', { class: 'mono' }, step.id), ' ', h('span', { class: 'kind' }, step.kind), ' ', badge(step.status)),
        h('p', { class: 'step-facts' },
          `${step.attempts} attempt(s) · started ${time(step.startedAt)} · finished ${time(step.finishedAt)} · took ${durationMs(between(step.startedAt, step.finishedAt))}`,
          step.dueAt ? ` · next at ${time(step.dueAt)}` : ''),
        step.lastError ? h('p', { class: 'error-text wrap' }, `Last error: ${step.lastError}`) : null,
        mine.length
          ? table(`Attempts of ${step.id}`, ['#', 'Started', 'Duration', 'Outcome', 'HTTP status', 'Error'], mine.map((a) => [
            String(a.attempt), time(a.startedAt), durationMs(between(a.startedAt, a.finishedAt)), badge(a.outcome),
            a.httpStatus === null || a.httpStatus === undefined ? '—' : String(a.httpStatus), h('span', { class: 'wrap' }, a.error ?? '')]), { class: 'attempts' })
          : null);
    })));
}

function audit(lead) {
  const list = table('Audit trail, oldest first', ['#', 'At', 'Event', 'Detail'], (lead.audit ?? []).map(auditCells), { class: 'audit' });
  const section = h('section', { 'aria-labelledby': 'audit-title' }, h('h2', { id: 'audit-title' }, 'Audit events'), list);
  let cursor = lead.auditNextCursor;
  if (cursor) {
    const more = h('button', { type: 'button', class: 'secondary' }, 'Load more events');
    more.addEventListener('click', async () => {
      more.disabled = true;
      try {
        const page = await api.get(api.path(`/v1/leads/${api.seg(lead.id)}/audit`, { cursor, limit: 200 }));
        for (const event of page.items ?? []) {
          list.querySelector('tbody').append(h('tr', {}, auditCells(event).map((cell) => h('td', {}, cell))));
        }
        cursor = page.nextCursor;
        more.hidden = !cursor;
      } catch (error) {
        section.append(problem(error));
      } finally {
        more.disabled = false;
      }
    });
    section.append(more);
  }
  return section;
}

function auditCells(event) {
  return [String(event.sequence), time(event.at), event.event, h('span', { class: 'wrap' }, event.detail ?? '')];
}
