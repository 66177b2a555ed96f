/**
 * The state of the selected server at the cursor, derived from the trace by ../server-state.ts:
 * running or down, role and term, its region's leader, commit and applied index, latest snapshot,
 * its vote, its ACL tables (policy names and token AccessorIDs), the tail of its log and the
 * config file it started with. Each value carries a `data-field` attribute so tests can read it.
 */
import type { Timeline } from '../model.js';
import { serverStateAt } from '../server-state.js';
import { esc, formatTime } from './format.js';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function renderServerPanel(
  root: HTMLElement,
  timeline: Timeline,
  lane: number,
  t: number,
): void {
  const info = timeline.lanes[lane];
  if (info === undefined || info.kind !== 'server') {
    root.innerHTML =
      '<p class="empty">Click a server lane (or press ↑ / ↓) to see its state at the cursor.</p>';
    return;
  }
  const state = serverStateAt(timeline, lane, t);
  const value = (field: string, text: string | number | null): string =>
    `<dd data-field="${field}">${text === null ? '—' : esc(text)}</dd>`;
  const status =
    state.role === null
      ? 'not started yet'
      : state.role === 'down'
        ? 'down'
        : `running since ${formatTime(state.startedAt ?? 0)}`;
  const leader = state.regionLeader < 0 ? 'none' : (timeline.lanes[state.regionLeader]?.id ?? '?');
  const snapshot =
    state.snapshot === null
      ? null
      : `index ${state.snapshot.index} (term ${state.snapshot.term}, ${state.snapshot.how} at ${formatTime(state.snapshot.t)})`;
  const vote =
    state.vote === null
      ? 'none'
      : state.term !== null && state.vote.term < state.term
        ? `none in term ${state.term} (${state.vote.votedFor} in term ${state.vote.term})`
        : `${state.vote.votedFor} in term ${state.vote.term}`;
  const acl =
    state.acl === null
      ? null
      : `${plural(state.acl.policies.length, 'policy', 'policies')} · ${plural(state.acl.tokens.length, 'token', 'tokens')}`;
  const aclLists =
    state.acl === null || state.acl.policies.length + state.acl.tokens.length === 0
      ? ''
      : `<details class="acl-tables"><summary>its policies and tokens</summary>
<p>Policies: <span data-field="acl-policies">${state.acl.policies.map((n) => `<code>${esc(n)}</code>`).join(', ') || '—'}</span></p>
<p>Tokens (AccessorID): <span data-field="acl-tokens">${state.acl.tokens.map((id) => `<code title="${esc(id)}">${esc(id.slice(0, 8))}</code>`).join(', ') || '—'}</span></p>
</details>`;
  const config =
    state.config === null
      ? '<p class="empty">No config file in the trace.</p>'
      : `<details class="config"><summary data-field="config-file">${esc(state.config.file)} (as it started at ${esc(formatTime(state.config.t))})</summary><pre data-field="config">${esc(state.config.text)}</pre></details>`;
  const rows = state.log
    .map(
      (e) =>
        `<tr data-index="${e.index}" data-term="${e.term}" data-type="${esc(e.type)}"${e.applied ? '' : ' class="pending"'}><td>${e.index}</td><td>${e.term}</td><td>${esc(e.type)}</td><td>${e.applied ? 'applied' : 'appended'}</td></tr>`,
    )
    .join('');
  root.innerHTML = `<h2 data-field="server">${esc(info.id)}</h2>
<p class="at">at <span data-field="t">${esc(formatTime(t))}</span></p>
<dl class="state">
<dt>Status</dt>${value('status', status)}
<dt>Role</dt>${value('role', state.role === 'down' ? null : state.role)}
<dt>Term</dt>${value('term', state.term)}
<dt>Leader of ${esc(info.region ?? '')}</dt>${value('leader', leader)}
<dt>Commit index</dt>${value('commit', state.commitIndex)}
<dt>Applied index</dt>${value('applied', state.appliedIndex)}
<dt>Latest snapshot</dt>${value('snapshot', snapshot)}
<dt>Voted for</dt>${value('vote', vote)}
<dt>ACL tables</dt>${value('acl', acl)}
</dl>
${aclLists}
<h3>Config file</h3>
${config}
<h3>Log tail</h3>
${rows === '' ? '<p class="empty">No entries since it started.</p>' : `<table class="log" data-field="log"><thead><tr><th>index</th><th>term</th><th>type</th><th></th></tr></thead><tbody>${rows}</tbody></table>`}
<p class="note">The log tail shows what this server applied since it last started and, for a leader, what it appended itself; a follower's entries past its applied index are not in the trace.</p>`;
}
