/**
 * Browser side of the Advisor view. Renders the transcript the extension
 * sends, streams answers, and reports clicks. Model output is markdown
 * rendered with raw HTML disabled and then sanitised, so an answer (or text
 * it quotes from a config) can never add script, forms or remote content.
 * Apply/Discard are the only way a proposal changes the file, and they are
 * real buttons the user presses.
 */
import MarkdownIt from 'markdown-it';
import DOMPurify from 'dompurify';
import {
  isExtensionMessage,
  type ArchitectureDisplay,
  type DisplayItem,
  type ExtensionToWebview,
  type ProposalView,
  type WebviewToExtension,
} from '../src/advisor/protocol';
import { applyDelta, finishStreaming } from '../src/advisor/transcript';

interface VsCodeApi {
  postMessage(msg: WebviewToExtension): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

const PURIFY_CONFIG = {
  FORBID_TAGS: ['img', 'style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'svg', 'math', 'video', 'audio'],
  FORBID_ATTR: ['style', 'srcset'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
};

/** Markdown → sanitised HTML. Exported for a DOM test if one is added. */
export function renderMarkdown(text: string): string {
  return DOMPurify.sanitize(md.render(text), PURIFY_CONFIG) as string;
}

const architectureEl = byId<HTMLElement>('architecture');
const transcriptEl = byId<HTMLElement>('transcript');
const form = byId<HTMLFormElement>('composer');
const input = byId<HTMLTextAreaElement>('question');
const sendBtn = byId<HTMLButtonElement>('send');
const stopBtn = byId<HTMLButtonElement>('stop');
const newBtn = byId<HTMLButtonElement>('new');
const statusEl = byId<HTMLElement>('status');

let items: DisplayItem[] = [];
let busy = false;
let hasKey = true;
let renderQueued = false;
/** Whether the architecture section is expanded; kept across re-renders. */
let architectureOpen = true;

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`advisor webview: missing #${id}`);
  return el as T;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---------------------------------------------------------------------------
// Rendering

function renderItem(item: DisplayItem): HTMLElement {
  switch (item.kind) {
    case 'user': {
      const box = el('div', 'msg user');
      box.append(el('div', 'role', 'You'), el('div', 'body plain', item.text));
      return box;
    }
    case 'assistant': {
      const box = el('div', `msg assistant ${item.status ?? 'done'}`);
      box.append(el('div', 'role', 'Advisor'));
      const body = el('div', 'body markdown');
      body.innerHTML = renderMarkdown(item.text);
      box.append(body);
      if (item.status === 'cancelled') box.append(el('div', 'marker', 'stopped'));
      if (item.status === 'error') box.append(el('div', 'marker', 'incomplete'));
      return box;
    }
    case 'tool':
      return el('div', `tool${item.isError ? ' error' : ''}`, `⚙ ${item.text}`);
    case 'notice': {
      const box = el('div', `notice ${item.level}`);
      box.setAttribute('role', item.level === 'error' ? 'alert' : 'status');
      box.append(el('span', undefined, item.text));
      if (item.action) {
        const btn = el('button', 'secondary', item.actionLabel ?? 'Fix');
        btn.type = 'button';
        const command = item.action;
        btn.addEventListener('click', () => vscode.postMessage({ type: 'command', command }));
        box.append(btn);
      }
      return box;
    }
    case 'proposal':
      return renderProposal(item.proposal);
  }
}

function renderProposal(p: ProposalView): HTMLElement {
  const box = el('section', `proposal ${p.state}`);
  box.dataset.proposalId = p.id;
  box.setAttribute('aria-label', `Proposed edit to ${p.fileName}`);
  box.append(el('h3', undefined, `Proposed edit to ${p.fileName}`));
  box.append(el('p', 'rationale', p.rationale));

  if (p.resolved.length || p.introduced.length) {
    const ul = el('ul', 'findings');
    for (const f of p.resolved) ul.append(el('li', 'resolved', `resolves ${f.code} (line ${f.line}): ${f.message}`));
    for (const f of p.introduced) ul.append(el('li', 'introduced', `adds ${f.severity} ${f.code} (line ${f.line}): ${f.message}`));
    box.append(ul);
  }
  if (p.estimateChanges.length) {
    const table = el('table', 'estimates');
    const head = el('tr');
    head.append(el('th', undefined, 'estimate'), el('th', undefined, 'now'), el('th', undefined, 'after'));
    table.append(head);
    for (const c of p.estimateChanges) {
      const tr = el('tr');
      tr.append(el('td', undefined, c.key), el('td', undefined, c.before), el('td', undefined, c.after));
      table.append(tr);
    }
    box.append(table);
  } else if (p.summaryAfter) {
    box.append(el('p', 'summary', p.summaryAfter));
  }

  const diff = el('pre', 'diff');
  diff.setAttribute('aria-label', 'Diff of the proposed edit');
  for (const hunk of p.hunks) {
    diff.append(el('span', 'hunk', `${hunk.header}\n`));
    for (const line of hunk.lines) {
      const cls = line.op === '+' ? 'add' : line.op === '-' ? 'del' : 'ctx';
      const num = String(line.op === '+' ? line.newLine ?? '' : line.oldLine ?? '').padStart(4);
      diff.append(el('span', cls, `${num} ${line.op} ${line.text}\n`));
    }
  }
  box.append(diff);

  const actions = el('div', 'actions');
  if (p.state === 'pending') {
    const apply = el('button', undefined, 'Apply');
    apply.type = 'button';
    apply.setAttribute('aria-label', `Apply the proposed edit to ${p.fileName}`);
    const discard = el('button', 'secondary', 'Discard');
    discard.type = 'button';
    apply.addEventListener('click', () => {
      apply.disabled = discard.disabled = true;
      vscode.postMessage({ type: 'apply', proposalId: p.id });
    });
    discard.addEventListener('click', () => {
      apply.disabled = discard.disabled = true;
      vscode.postMessage({ type: 'discard', proposalId: p.id });
    });
    actions.append(apply, discard);
  } else {
    const label = { applied: 'Applied (undo with Ctrl/Cmd+Z in the editor)', discarded: 'Discarded', stale: 'Expired: the file changed or the window reloaded', pending: '' }[p.state];
    actions.append(el('span', 'state', label));
  }
  box.append(actions);
  return box;
}

/**
 * The deterministic part above the chat. Plain text nodes only (textContent): the
 * summary, diagram and files come from the planner, but a config's own strings (model
 * names, paths) appear in them and must never become markup.
 */
function renderArchitecture(d: ArchitectureDisplay): void {
  architectureEl.replaceChildren();
  architectureEl.hidden = d.state === 'none';
  if (d.state === 'none') return;
  const details = el('details', 'architecture');
  details.open = architectureOpen;
  details.addEventListener('toggle', () => {
    architectureOpen = details.open;
  });
  details.append(el('summary', undefined, `Architecture — ${d.fileName}`));
  architectureEl.append(details);
  if (d.state === 'loading') {
    details.append(el('p', 'muted', 'Planning…'));
    return;
  }
  if (d.state === 'error') {
    details.append(el('p', 'notice error', d.message));
    return;
  }
  const r = d.result;
  if (r.missing) {
    details.append(el('p', undefined, r.missing.message));
    details.append(el('pre', 'example', r.missing.example));
  }
  for (const line of r.summary) details.append(el('p', 'summary', line));
  if (r.diagram) {
    const pre = el('pre', 'diagram', r.diagram);
    pre.setAttribute('aria-label', 'Topology diagram');
    pre.tabIndex = 0;
    details.append(pre);
    fitDiagram(pre);
  }
  if (r.proposal) details.append(renderRecommendation(r.proposal, d.applied));
  r.artifacts.forEach((a, i) => {
    const box = el('details', 'artifact');
    const head = el('summary');
    head.append(el('span', 'name', `${a.name} `), el('code', undefined, a.fileName));
    box.append(head);
    box.append(el('pre', 'artifact-text', a.text));
    const actions = el('div', 'actions');
    const save = el('button', 'secondary', 'Save to workspace');
    save.type = 'button';
    save.setAttribute('aria-label', `Save ${a.fileName} to the workspace`);
    save.addEventListener('click', () => vscode.postMessage({ type: 'saveArtifact', index: i }));
    actions.append(save);
    if (d.saved[i]) actions.append(el('span', 'state', `saved to ${d.saved[i]}`));
    details.append(box, actions);
  });
  for (const n of r.notes) details.append(el('p', 'muted', n));
  if (r.assumptions.length) {
    const more = el('details', 'assumptions');
    more.append(el('summary', undefined, 'Assumptions'));
    const ul = el('ul');
    for (const s of r.assumptions) ul.append(el('li', undefined, s));
    more.append(ul);
    details.append(more);
  }
  // The plan view is where traffic and SLO can be tried before they are written to the file.
  const plan = el('button', r.ok ? 'secondary' : undefined, 'Open plan view');
  plan.type = 'button';
  plan.addEventListener('click', () => vscode.postMessage({ type: 'command', command: 'planCapacity' }));
  const actions = el('div', 'actions');
  actions.append(plan);
  details.append(actions);
}

/** Smallest font the diagram shrinks to before it scrolls instead: below it the box lines are unreadable. */
const MIN_DIAGRAM_PX = 10;
let diagramObserver: ResizeObserver | undefined;

/**
 * The diagram is text some 80 columns wide and the sidebar is narrower: its font shrinks
 * to fit the width (as far as MIN_DIAGRAM_PX, then it scrolls sideways), again whenever the view
 * is resized.
 */
function fitDiagram(pre: HTMLElement): void {
  const fit = () => {
    pre.style.fontSize = '';
    const natural = parseFloat(getComputedStyle(pre).fontSize) || 13;
    const avail = pre.clientWidth - 16;
    const need = pre.scrollWidth - 16;
    if (need > avail && avail > 0) pre.style.fontSize = `${Math.max(MIN_DIAGRAM_PX, Math.floor(natural * (avail / need) * 10) / 10)}px`;
  };
  // Only a change of width refits: the refit itself changes the height, which must not loop.
  let width = -1;
  diagramObserver?.disconnect();
  diagramObserver = new ResizeObserver(() => {
    if (pre.clientWidth === width) return;
    width = pre.clientWidth;
    requestAnimationFrame(fit);
  });
  diagramObserver.observe(pre);
}

/** The recommendation as the checked edit Apply writes: the changes in words, what stays manual, why it is refused. */
function renderRecommendation(p: NonNullable<Extract<ArchitectureDisplay, { state: 'ready' }>['result']['proposal']>, applied: { ok: boolean; message: string } | undefined): HTMLElement {
  const box = el('section', 'recommendation');
  box.setAttribute('aria-label', 'Recommended changes');
  box.append(el('h3', undefined, `Recommended changes — ${p.label}`));
  if (p.changes.length) {
    const ul = el('ul', 'changes');
    for (const c of p.changes) ul.append(el('li', undefined, c));
    box.append(ul);
  } else if (!p.refused) box.append(el('p', 'muted', 'The file already runs this plan.'));
  if (p.manual.length) {
    box.append(el('p', 'muted', 'Change by hand (the file cannot hold it):'));
    const ul = el('ul', 'manual');
    for (const m of p.manual) ul.append(el('li', undefined, m));
    box.append(ul);
  }
  if (p.refused) box.append(el('p', 'notice error', `Apply is refused: ${p.refused}`));
  const actions = el('div', 'actions');
  const apply = el('button', undefined, 'Apply to this file');
  apply.type = 'button';
  apply.disabled = !!p.refused || p.edits.length === 0;
  apply.addEventListener('click', () => {
    apply.disabled = true;
    vscode.postMessage({ type: 'applyArchitecture' });
  });
  actions.append(apply);
  box.append(actions);
  if (applied) {
    const st = el('p', applied.ok ? 'state' : 'notice error', applied.message);
    st.setAttribute('role', 'status');
    box.append(st);
  }
  return box;
}

function renderAll(): void {
  const nearBottom = isNearBottom();
  transcriptEl.replaceChildren(...items.map(renderItem));
  if (items.length === 0) {
    const empty = el('div', 'empty');
    empty.append(
      el('p', undefined, 'Ask about the config in the active editor: replicas, load balancing, autoscaling, latency targets, cost, monitoring.'),
      el('p', undefined, 'Numbers come from ServeScope\'s own estimates. Proposed edits are checked first and applied only when you press Apply.'),
    );
    transcriptEl.append(empty);
  }
  if (nearBottom) scrollToBottom();
  renderControls();
}

/** Re-renders only the answer being streamed; full re-render would lose the reader's scroll position. */
function renderStreaming(): void {
  renderQueued = false;
  const last = items[items.length - 1];
  const lastEl = transcriptEl.lastElementChild;
  if (!last || last.kind !== 'assistant' || !lastEl?.classList.contains('assistant') || transcriptEl.children.length !== items.length) {
    renderAll();
    return;
  }
  const nearBottom = isNearBottom();
  const body = lastEl.querySelector('.body');
  if (body) body.innerHTML = renderMarkdown(last.text);
  if (nearBottom) scrollToBottom();
}

function renderControls(): void {
  sendBtn.disabled = busy;
  stopBtn.hidden = !busy;
  statusEl.replaceChildren();
  if (busy) statusEl.textContent = 'The advisor is answering… (Escape stops)';
  else if (!hasKey) {
    statusEl.append(el('span', undefined, 'No Anthropic API key set. '));
    const btn = el('button', 'link', 'Set API key');
    btn.type = 'button';
    btn.addEventListener('click', () => vscode.postMessage({ type: 'command', command: 'setApiKey' }));
    statusEl.append(btn);
  }
}

function isNearBottom(): boolean {
  return transcriptEl.scrollHeight - transcriptEl.scrollTop - transcriptEl.clientHeight < 60;
}

function scrollToBottom(): void {
  transcriptEl.scrollTop = transcriptEl.scrollHeight;
}

// ---------------------------------------------------------------------------
// Messages from the extension

window.addEventListener('message', (event: MessageEvent) => {
  const msg: unknown = event.data;
  if (!isExtensionMessage(msg)) return;
  handle(msg);
});

function handle(msg: ExtensionToWebview): void {
  switch (msg.type) {
    case 'state':
      items = msg.items;
      busy = msg.busy;
      hasKey = msg.hasKey;
      renderAll();
      return;
    case 'append':
      items.push(msg.item);
      renderAll();
      return;
    case 'delta':
      if (applyDelta(items, msg.text) && !renderQueued) {
        renderQueued = true;
        requestAnimationFrame(renderStreaming);
      }
      return;
    case 'busy':
      busy = msg.busy;
      if (!busy) finishStreaming(items, 'done');
      renderControls();
      return;
    case 'proposalState':
      for (const item of items) if (item.kind === 'proposal' && item.proposal.id === msg.id) item.proposal.state = msg.state;
      renderAll();
      return;
    case 'architecture':
      renderArchitecture(msg.view);
      return;
  }
}

// ---------------------------------------------------------------------------
// Keyboard and buttons

function send(): void {
  const text = input.value.trim();
  if (text === '' || busy) return;
  vscode.postMessage({ type: 'send', text });
  input.value = '';
  saveDraft();
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  send();
});
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    send();
  }
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && busy) {
    e.preventDefault();
    vscode.postMessage({ type: 'stop' });
  }
});
stopBtn.addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
newBtn.addEventListener('click', () => {
  vscode.postMessage({ type: 'newConversation' });
  input.focus();
});

// The typed-but-unsent question survives the view being hidden.
function saveDraft(): void {
  vscode.setState({ draft: input.value });
}
input.addEventListener('input', saveDraft);
const saved = vscode.getState() as { draft?: unknown } | undefined;
if (saved && typeof saved.draft === 'string') input.value = saved.draft;

renderArchitecture({ state: 'none' });
renderAll();
vscode.postMessage({ type: 'ready' });
