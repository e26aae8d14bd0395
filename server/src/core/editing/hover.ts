/**
 * Hover text for the key under the cursor: what it is (from the schema), and for the
 * keys that shape capacity, the estimate of the deployment it belongs to.
 */
import type { Analysis } from '../analysis';
import { annotation, typesOf } from '../schema/navigate';
import type { OffsetRange } from '../types';
import { hitAt, schemaForPath, type Alts } from './cursor';
import { capacityHover } from './capacityHover';
import { embeddedAt, hostRange } from '../embedded/embedded';
import { addedIn } from '../version';
import { loadSchema } from '../schema/registry';
import { frameworkName } from '../names';
import { keyFramework, runningVersion } from '../rules/schema/annotations';

export interface HoverResult {
  markdown: string;
  range: OffsetRange;
}

export function hoverAt(a: Omit<Analysis, 'findings'>, offset: number): HoverResult | undefined {
  if (!a.detection.format) return undefined;
  if (a.embedded) {
    // Only the embedded configs are ours to describe; the manifest around them is Kubernetes'.
    const at = embeddedAt(a, offset);
    const h = at && hoverAt(at.doc.analysis, at.offset);
    const range = h && hostRange(at.doc, h.range);
    return h && range ? { ...h, range } : undefined;
  }
  const hit = hitAt(a.root, offset);
  if (!hit || !hit.pair) return undefined;
  const keyPath = hit.pairPath;
  const alts = schemaForPath(a, keyPath);
  const parts: string[] = [];
  const doc = describeSchema(hit.pair.key.source || String(hit.pair.key.value), alts, schemaRelease(a, alts));
  if (doc) parts.push(doc);
  const cap = capacityHover(a, hit.pair, keyPath);
  if (cap) parts.push(cap);
  if (!parts.length) return undefined;
  return { markdown: parts.join('\n\n---\n\n'), range: hit.pair.key.range };
}

/**
 * Which release's schema describes the key, and the release it is checked against. The
 * schema is the one the key's alternatives come from: a vLLM argument inside a Ray Serve
 * LLM file's engine_kwargs is described, and versioned, by vLLM's.
 */
function schemaRelease(a: Omit<Analysis, 'findings'>, alts: Alts): SchemaSource | undefined {
  const id = a.detection.schema;
  if (!id || !a.detection.format) return undefined;
  const nested = keyFramework(id, alts);
  const root = loadSchema(nested ? 'vllm' : id) as Record<string, unknown>;
  const key = Object.keys(root).find((k) => /^x-[a-z]+-version$/.test(k));
  const release = key ? root[key] : undefined;
  if (typeof release !== 'string') return undefined;
  // The annotation may carry where it was read ("master after 2.58.0 (read …)"); the hover names the release only.
  return {
    framework: frameworkName(nested ?? a.detection.format),
    release: release.split(/\s*[(;]/)[0].trim(),
    running: runningVersion(a, nested),
  };
}

/** The schema behind a hover: its framework and release, and the user's release when known. */
export interface SchemaSource {
  framework: string;
  release: string;
  running?: string;
}

/**
 * Markdown for a key's schema: description, type, default, range, lifecycle. With
 * `source`, it also says which release added the key (`x-added`) and which release
 * the schema follows, so a reader on an older release knows what the text is about.
 */
export function describeSchema(name: string, alts: Alts, source?: SchemaSource): string | undefined {
  if (!alts.length) return undefined;
  const lines: string[] = [];
  const desc = annotation<string>(alts, 'description');
  const group = annotation<string>(alts, 'x-group');
  lines.push(`**${name}**${group ? ` · ${group}` : ''}`);
  if (desc) lines.push('', desc);
  const facts: string[] = [];
  const types = typesOf(alts);
  if (types.length) facts.push(`Type: \`${types.join(' | ')}\``);
  const def = annotation(alts, 'default');
  if (def !== undefined) facts.push(`Default: \`${JSON.stringify(def)}\``);
  const range = rangeText(alts);
  if (range) facts.push(`Range: ${range}`);
  if (facts.length) lines.push('', facts.join(' · '));
  const en = annotation<unknown[]>(alts, 'enum');
  if (en?.length) lines.push('', `Allowed: ${en.slice(0, 30).map((x) => `\`${String(x)}\``).join(', ')}${en.length > 30 ? ', …' : ''}`);
  const removed = annotation<{ in?: string; replacement?: string | null; note?: string }>(alts, 'x-removed');
  if (removed) lines.push('', `**Removed**${removed.in ? ` in ${removed.in}` : ''}${removed.replacement ? ` — use \`${removed.replacement}\`` : ''}.${removed.note ? ` ${removed.note}` : ''}`);
  const dep = annotation<{ since?: string; replacement?: string | null }>(alts, 'x-deprecated');
  if (!removed && (dep || annotation<boolean>(alts, 'deprecated')))
    lines.push('', `**Deprecated**${dep?.since ? ` since ${dep.since}` : ''}${dep?.replacement ? ` — use \`${dep.replacement}\`` : ''}.`);
  const added = addedIn(annotation<string>(alts, 'x-added'));
  const fw = source ? `${source.framework} ` : '';
  const provenance = [
    added ? `Added in ${fw}${added.release}${added.atLeast ? ' or a later release' : ''}.` : '',
    // Without a version the newest schema decides, and the reader should know that is what they see.
    source
      ? source.running
        ? `Schema of ${source.framework} ${source.release}, checked against your ${source.running}.`
        : `Schema of ${source.framework} ${source.release} (the newest; set servescope.versions or version= to check against your release).`
      : '',
  ].filter(Boolean);
  if (provenance.length) lines.push('', `_${provenance.join(' ')}_`);
  return lines.join('\n');
}

function rangeText(alts: Alts): string | undefined {
  const min = annotation<number>(alts, 'minimum');
  const xmin = annotation<number>(alts, 'exclusiveMinimum');
  const max = annotation<number>(alts, 'maximum');
  const xmax = annotation<number>(alts, 'exclusiveMaximum');
  const lo = min !== undefined ? `≥ ${min}` : xmin !== undefined ? `> ${xmin}` : '';
  const hi = max !== undefined ? `≤ ${max}` : xmax !== undefined ? `< ${xmax}` : '';
  return [lo, hi].filter(Boolean).join(', ') || undefined;
}
