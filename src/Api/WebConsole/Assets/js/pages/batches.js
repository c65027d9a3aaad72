// Nightly batches: the reconciliation schedule, the runs with each run's report, the records waiting for the next
// run, and daily lead counts against the plan's daily limit.

import { h, fill, table, notice, field } from '../dom.js';
import * as api from '../api.js';
import { time, json } from '../format.js';
import { problem, badge, act } from './common.js';
import { dailyChart } from '../chart.js';

export async function render(main, where) {
  document.title = 'Nightly batches · OrleansFlows console';
  const runId = where.parts[0];
  const [schedule, runs, pending, daily] = await Promise.allSettled([
    api.get('/v1/reconciliation/schedule'),
    api.get(api.path('/v1/reconciliation/runs', { limit: 30 })),
    api.get(api.path('/v1/reconciliation/pending', { limit: 50 })),
    api.get('/v1/usage/daily'),
  ]);
  const runDetail = h('div', { id: 'run-detail' });
  fill(main,
    h('h1', {}, 'Nightly batches'),
    h('section', { 'aria-labelledby': 'usage-title' }, h('h2', { id: 'usage-title' }, 'Daily leads'), usage(daily)),
    h('section', { 'aria-labelledby': 'schedule-title' }, h('h2', { id: 'schedule-title' }, 'Schedule'), scheduleView(schedule)),
    h('section', { 'aria-labelledby': 'runs-title' }, h('h2', { id: 'runs-title' }, 'Runs'), runsView(runs, runId), startRun(), runDetail),
    h('section', { 'aria-labelledby': 'pending-title' }, h('h2', { id: 'pending-title' }, 'Records waiting for the next run'), pendingView(pending)));
  if (runId) {
    try {
      const run = await api.get(`/v1/reconciliation/runs/${api.seg(runId)}`);
      fill(runDetail, h('h3', {}, `Run ${run.id}`),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Status'), h('dd', {}, badge(run.status)),
          h('dt', {}, 'Trigger'), h('dd', {}, run.trigger),
          h('dt', {}, 'Started'), h('dd', {}, time(run.startedAt)),
          h('dt', {}, 'Finished'), h('dd', {}, time(run.finishedAt))),
        run.errors?.length ? h('ul', { class: 'error-text' }, run.errors.map((e) => h('li', {}, e))) : null,
        h('h4', {}, 'Counts'), h('pre', { class: 'json' }, json(run.counts)),
        h('h4', {}, 'Report'), h('pre', { class: 'json' }, run.report ? json(run.report) : 'No report yet.'));
    } catch (error) {
      fill(runDetail, problem(error, `Run ${runId}`));
    }
  }
  return null;
}

function usage(daily) {
  if (daily.status === 'rejected') {
    return problem(daily.reason, 'Daily usage');
  }
  const value = daily.value;
  const days = value.days ?? [];
  return [
    h('p', {}, `Leads accepted per day in ${value.timeZone}, the last ${days.length} day(s), against the plan's limit of ${value.dailyLeadLimit} a day.`),
    h('div', { class: 'legend', 'aria-hidden': 'true' },
      h('span', {}, h('span', { class: 'swatch swatch-accepted' }), 'accepted'),
      h('span', {}, h('span', { class: 'swatch swatch-failed' }), 'of which failed'),
      h('span', {}, h('span', { class: 'swatch swatch-limit' }), 'daily limit')),
    dailyChart(days, value.dailyLeadLimit, `Leads accepted per day against the daily limit of ${value.dailyLeadLimit}`),
    h('details', {}, h('summary', {}, 'The numbers'), table('Leads per day', ['Date', 'Accepted', 'Completed', 'Failed', 'Steps run', 'Outbound calls'],
      days.map((d) => [d.date, String(d.accepted), String(d.completed), String(d.failed), String(d.stepsRun), String(d.outboundCalls)]))),
  ];
}

function scheduleView(schedule) {
  if (schedule.status === 'rejected') {
    return schedule.reason.status === 404
      ? notice('info', 'No nightly schedule is set. Set one with PUT /v1/reconciliation/schedule (docs/api.md).')
      : problem(schedule.reason, 'Schedule');
  }
  const value = schedule.value;
  return h('dl', { class: 'facts' },
    h('dt', {}, 'Runs at'), h('dd', {}, `${value.dailyAt} ${value.timeZone}`),
    h('dt', {}, 'Next run'), h('dd', {}, time(value.nextRunAt)),
    h('dt', {}, 'Last completed date'), h('dd', {}, value.lastCompletedBusinessDate ?? '—'),
    h('dt', {}, 'Records go to'), h('dd', {}, value.connection ? `${value.connection} ${value.path} (chunks of ${value.chunkSize})` : 'nowhere (no connection)'),
    h('dt', {}, 'Summary to'), h('dd', {}, value.notifyConnection ?? '—'),
    h('dt', {}, 'Monthly report day'), h('dd', {}, value.monthlyReportDay ?? '—'),
    h('dt', {}, 'Look-back'), h('dd', {}, `${value.lookBackDays} day(s)`));
}

function runsView(runs, selected) {
  if (runs.status === 'rejected') {
    return problem(runs.reason, 'Runs');
  }
  const items = runs.value.items ?? [];
  if (items.length === 0) {
    return notice('info', 'No runs yet.');
  }
  return table('Runs, newest first', ['Run', 'Trigger', 'Status', 'Started', 'Finished', 'Errors'], items.map((run) => [
    h('a', { href: `#/batches/${encodeURIComponent(run.id)}`, 'aria-current': run.id === selected ? 'page' : null, class: 'mono' }, run.id),
    run.trigger, badge(run.status), time(run.startedAt), time(run.finishedAt), String(run.errors?.length ?? 0)]));
}

function startRun() {
  const date = h('input', { type: 'date', name: 'businessDate', required: true });
  const force = h('input', { type: 'checkbox', name: 'force', id: 'run-force' });
  const out = h('div', {});
  const button = h('button', { type: 'submit', class: 'secondary' }, 'Start run');
  return h('div', {}, h('form', { class: 'inline-form', on: { submit: (event) => {
    event.preventDefault();
    act(button, out, async () => {
      const run = await api.post('/v1/reconciliation/runs', { businessDate: date.value, force: force.checked });
      return notice('ok', 'Run ', h('a', { href: `#/batches/${encodeURIComponent(run.id)}` }, run.id), ' started.');
    });
  } } },
  field('Business date', date),
  h('div', { class: 'radio' }, force, h('label', { for: 'run-force' }, 'Run a completed date again')),
  button), out);
}

function pendingView(pending) {
  if (pending.status === 'rejected') {
    return problem(pending.reason, 'Pending records');
  }
  const { businessDate } = pending.value;
  let cursor = pending.value.nextCursor ?? null;
  let count = 0;
  const summary = h('p', {});
  const list = table('Pending records', ['Lead', 'Workflow', 'Recorded', 'Data'], []);
  const tbody = list.querySelector('tbody');
  const more = h('button', { type: 'button', class: 'secondary' }, 'Load more records');
  const out = h('div', {});
  const show = (items) => {
    for (const r of items) {
      tbody.append(h('tr', {},
        h('td', {}, h('a', { href: `#/leads/${encodeURIComponent(r.leadId)}`, class: 'mono' }, r.leadId)),
        h('td', {}, r.workflow), h('td', {}, time(r.recordedAt)), h('td', {}, h('span', { class: 'mono wrap' }, JSON.stringify(r.data)))));
    }
    count += items.length;
    summary.textContent = `Business date ${businessDate ?? '—'}: ${count}${cursor ? '+' : ''} record(s).`;
    list.hidden = count === 0;
    more.hidden = cursor === null;
  };
  more.addEventListener('click', () => act(more, out, async () => {
    // The same business date as the first page, so the pages line up even across midnight.
    const page = await api.get(api.path('/v1/reconciliation/pending', { date: businessDate, limit: 50, cursor }));
    cursor = page.nextCursor ?? null;
    show(page.items ?? []);
  }));
  show(pending.value.items ?? []);
  return [summary, list, more, out];
}
