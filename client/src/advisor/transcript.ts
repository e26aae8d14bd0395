/**
 * The transcript the panel shows, and how it is kept per workspace. Pure and
 * shared by the extension and the webview bundle, so both sides apply
 * streamed deltas the same way.
 */
import { isChatHistory, trimHistory, type ChatMessage } from './conversation';
import type { DisplayItem } from './protocol';

/**
 * Appends streamed text to the answer being written, or starts a new answer
 * when the last item is something else (a tool line or a proposal).
 * Returns false when the delta was dropped (whitespace before any text).
 */
export function applyDelta(items: DisplayItem[], delta: string): boolean {
  const last = items[items.length - 1];
  if (last && last.kind === 'assistant' && last.status === 'streaming') {
    last.text += delta;
    return true;
  }
  if (delta.trim() === '') return false;
  items.push({ kind: 'assistant', text: delta, status: 'streaming' });
  return true;
}

/** Marks the answer being streamed as finished with `status`. */
export function finishStreaming(items: DisplayItem[], status: 'done' | 'cancelled' | 'error'): void {
  for (const item of items) if (item.kind === 'assistant' && item.status === 'streaming') item.status = status;
}

export interface PersistedConversation {
  version: 1;
  items: DisplayItem[];
  history: ChatMessage[];
}

const MAX_ITEMS = 200;

/** What goes into workspaceState: bounded, and pending proposals saved as stale (their Apply handler dies with the window). */
export function toPersisted(items: DisplayItem[], history: ChatMessage[]): PersistedConversation {
  const kept = items.slice(-MAX_ITEMS).map((item): DisplayItem => {
    if (item.kind === 'proposal' && item.proposal.state === 'pending') return { kind: 'proposal', proposal: { ...item.proposal, state: 'stale' } };
    if (item.kind === 'assistant' && item.status === 'streaming') return { ...item, status: 'cancelled' };
    return item;
  });
  return { version: 1, items: kept, history: trimHistory(history) };
}

/** Restores a saved conversation; anything unrecognised starts fresh rather than failing. */
export function fromPersisted(raw: unknown): { items: DisplayItem[]; history: ChatMessage[] } {
  if (typeof raw !== 'object' || raw === null) return { items: [], history: [] };
  const r = raw as Partial<PersistedConversation>;
  if (r.version !== 1 || !Array.isArray(r.items) || !isChatHistory(r.history)) return { items: [], history: [] };
  const items = r.items.filter(isDisplayItem);
  return toPersisted(items, r.history);
}

function isDisplayItem(v: unknown): v is DisplayItem {
  if (typeof v !== 'object' || v === null) return false;
  const item = v as { kind?: unknown; text?: unknown; proposal?: unknown };
  switch (item.kind) {
    case 'user':
    case 'assistant':
    case 'tool':
    case 'notice':
      return typeof item.text === 'string';
    case 'proposal':
      return typeof item.proposal === 'object' && item.proposal !== null && typeof (item.proposal as { id?: unknown }).id === 'string';
    default:
      return false;
  }
}
