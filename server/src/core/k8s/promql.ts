/**
 * Just enough PromQL to tell whether a query returns one series: what KEDA's
 * Prometheus scaler needs (kedacore/keda pkg/scalers/prometheus_scaler.go fails with
 * "prometheus query … returned multiple elements" on more than one). Not a parser:
 * it splits the query at top-level binary operators and looks at each operand's
 * outermost call and its grouping labels.
 */

const AGGREGATIONS = new Set(['sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'group', 'quantile']);

/** Operands at nesting depth 0, split at arithmetic and comparison operators. */
function operands(q: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && /[+\-*/%^<>=!]/.test(c) && !/[eE]/.test(q[i - 1] ?? '')) {
      out.push(q.slice(start, i));
      while (/[=<>!~]/.test(q[i + 1] ?? '')) i++;
      start = i + 1;
    }
  }
  out.push(q.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** The labels of a `by (…)` clause before or after an aggregation's argument. */
function byLabels(s: string): string[] | undefined {
  const m = /\bby\s*\(([^)]*)\)/.exec(s);
  return m ? m[1].split(',').map((x) => x.trim()).filter(Boolean) : undefined;
}

function singleOperand(op: string): boolean {
  const s = op.trim();
  if (/^-?[\d.]+(e[+-]?\d+)?$/i.test(s)) return true;
  const m = /^([a-z_]+)\s*(?:(by|without)\s*\([^)]*\)\s*)?\(/i.exec(s);
  if (!m) return false;
  const fn = m[1].toLowerCase();
  if (fn === 'scalar' || fn === 'vector') return true;
  if ((fn === 'topk' || fn === 'bottomk') && /^\w+\s*\(\s*1\s*,/.test(s)) return true;
  if (fn === 'histogram_quantile') {
    // One quantile series when the buckets are summed over everything but `le`.
    const labels = byLabels(s);
    return labels !== undefined && labels.every((l) => l === 'le') && !/\bwithout\s*\(/.test(s);
  }
  if (!AGGREGATIONS.has(fn)) return false;
  if (/\bwithout\s*\(/.test(s)) return false;
  const labels = byLabels(s);
  return !labels || labels.length === 0;
}

export function returnsOneSeries(query: string): boolean {
  const ops = operands(query.trim());
  return ops.length > 0 && ops.every(singleOperand);
}
