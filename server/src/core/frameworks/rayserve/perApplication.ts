/**
 * What one Ray Serve application contributes to the plan, kept by the application's index
 * and source text: an edit elsewhere in a file of hundreds of applications re-plans only the
 * one it touched. The fragment is stored with its ranges relative to the application, and
 * each use gets a fresh copy shifted to where the application now starts. A fragment with a
 * range outside its application (a fallback to the document's range), or an application
 * that uses an alias (its value then depends on text elsewhere), is computed every time.
 */
import type { ServedDeployment } from '../../plan';
import type { OffsetRange } from '../../types';

const memo = new Map<string, ServedDeployment[]>();
const MEMO_MAX = 4096;

/** Empties the memo, so a test can compare reused fragments with fresh ones. */
export function forgetApplicationPlans(): void {
  memo.clear();
}

export function perApplication(index: string, text: string, range: OffsetRange | undefined, compute: () => ServedDeployment[]): ServedDeployment[] {
  if (!range || text.includes('*')) return compute();
  const key = `${index}\u0000${text}`;
  const hit = memo.get(key);
  if (hit) return shifted(hit, range.start, Infinity)!;
  const fresh = compute();
  const rel = shifted(fresh, -range.start, range.end - range.start);
  if (rel) {
    if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value as string);
    memo.set(key, rel);
  }
  return fresh;
}

/** The plan's range fields (plan.ts): a `{ start, end }` anywhere else is config data and is copied as it is. */
const RANGE_KEYS = new Set(['range', 'keyRange']);

/**
 * A deep copy of plain data with every range field moved by `delta`; undefined when a moved
 * range leaves [0, limit] or the data holds anything but plain objects, arrays and scalars.
 */
function shifted<T>(x: T, delta: number, limit: number): T | undefined {
  let ok = true;
  const copy = (o: unknown, key?: string): unknown => {
    if (o === null || typeof o !== 'object') return o;
    if (Array.isArray(o)) return o.map((e) => copy(e));
    const proto = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) {
      ok = false;
      return o;
    }
    const r = o as Record<string, unknown>;
    if (key !== undefined && RANGE_KEYS.has(key) && typeof r.start === 'number' && typeof r.end === 'number') {
      const start = r.start + delta;
      const end = r.end + delta;
      if (start < 0 || end > limit) ok = false;
      return { start, end };
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(r)) out[k] = copy(r[k], k);
    return out;
  };
  const c = copy(x) as T;
  return ok ? c : undefined;
}
