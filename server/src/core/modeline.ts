/**
 * The `# servescope: ...` comment: a format (`vllm`, `triton`, `rayserve`, `bentoml`,
 * or `off`), and `key=value` facts about the target cluster (`gpu=H100-80GB count=8`)
 * and, for formats that cannot name it, the model served (`model=org/name`).
 * It may stand on any of the first or last five lines, so it survives file headers.
 */
import type { Comment, FormatId, OffsetRange } from './types';
import { FORMAT_IDS } from './types';

export interface Modeline {
  format?: FormatId;
  off?: boolean;
  gpu?: string;
  count?: number;
  /** The model a service serves when the file cannot say (BentoML names it in Python): `model=Qwen/Qwen2.5-7B-Instruct`. */
  model?: string;
  /** Every key=value, for rules that want more (e.g. `latency_ms=200`). */
  facts: Record<string, string>;
  range: OffsetRange;
  /** Tokens we could not read, reported as a hint. */
  unknown: string[];
}

const RE = /^servescope\s*:\s*(.*)$/i;

export function findModeline(comments: Comment[], text: string): Modeline | undefined {
  if (!comments.length) return undefined;
  const headEnd = offsetOfLine(text, 5);
  const tailStart = text.length - Math.min(text.length, 400);
  for (const c of comments) {
    if (c.range.start > headEnd && c.range.start < tailStart) continue;
    const m = RE.exec(c.text);
    if (!m) continue;
    const ml: Modeline = { facts: {}, range: c.range, unknown: [] };
    // Values with spaces (`gpu="NVIDIA L40S"`) may be quoted.
    for (const raw of m[1].match(/[^\s,;=]+=(?:"[^"]*"|'[^']*'|[^\s,;]*)|[^\s,;]+/g) ?? []) {
      const tok = raw.replace(/=(["'])(.*)\1$/, '=$2');
      const eq = tok.indexOf('=');
      if (eq < 0) {
        const t = tok.toLowerCase();
        if ((FORMAT_IDS as readonly string[]).includes(t)) ml.format = t as FormatId;
        else if (t === 'off' || t === 'none') ml.off = true;
        else if (t === 'ray' || t === 'ray-serve' || t === 'rayserve-llm') ml.format = 'rayserve';
        else ml.unknown.push(tok);
        continue;
      }
      const k = tok.slice(0, eq).toLowerCase();
      const val = tok.slice(eq + 1);
      ml.facts[k] = val;
      if (k === 'gpu') ml.gpu = val;
      else if (k === 'model') ml.model = val;
      else if (k === 'count' || k === 'gpus') {
        const n = Number(val);
        if (Number.isInteger(n) && n > 0) ml.count = n;
        else ml.unknown.push(tok);
      } else if (k === 'format') {
        const t = val.toLowerCase();
        if ((FORMAT_IDS as readonly string[]).includes(t)) ml.format = t as FormatId;
        else ml.unknown.push(tok);
      }
    }
    return ml;
  }
  return undefined;
}

function offsetOfLine(text: string, line: number): number {
  let off = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return off;
}
