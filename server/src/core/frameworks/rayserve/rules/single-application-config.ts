/**
 * A config file in the single-application form (import_path at the top level, no
 * `applications`). `serve deploy` and `serve run` validate every config file as
 * ServeDeploySchema, so such a file is rejected before anything is deployed.
 */
import { defineRule } from '../../../rules/rule';
import type { MapNode, TextEditOffsets } from '../../../types';
import { type A, isObj, keyRangeAt } from './serve-blocks';

// Cluster-level in the multi-application form: they move to http_options.
const HTTP_KEYS = new Set(['host', 'port']);

export const singleApplicationConfig = defineRule({
  id: 'rayserve/single-application-config',
  appliesTo: { schemas: ['rayserve'] },
  severity: 'error',
  title: 'Single-application config file (no applications list)',
  fix: 'safe',
  sources: ['Ray `python/ray/serve/scripts.py` `_generate_config_from_file_or_import_path` (`serve deploy`) and `run` (`serve run`): `ServeDeploySchema.model_validate(config_dict)` (chichic21039/ray @53336d65, tracking master); `ServeDeploySchema.applications` is required in `python/ray/serve/schema.py` (eicherseiji/ray @170a22d0)'],
  check(ctx) {
    const a = ctx.analysis;
    const root = a.value?.value;
    if (!isObj(root) || root.applications !== undefined || root.import_path === undefined) return;
    ctx.report({
      message:
        '`serve deploy` and `serve run` read a config file as the multi-application format (ServeDeploySchema), so this single-application file is rejected: "applications: Field required". ' +
        'Put the application under `applications:` as one list entry, and move host and port to `http_options`.',
      range: keyRangeAt(a, ['import_path']),
    });
  },
  fixes(_finding, a) {
    const edit = wrapIntoApplications(a);
    return edit ? [{ title: 'Wrap the application into applications: (host/port to http_options)', edits: [edit] }] : [];
  },
});

/**
 * Rewrites the top-level block mapping: each top-level entry (with the comments and blank
 * lines after it) is cut out whole and re-indented, so values, block scalars and comments
 * keep their text. Only a block mapping at column 0 is rewritten; anything else gets no fix.
 */
function wrapIntoApplications(a: A): TextEditOffsets | undefined {
  const root = a.root;
  if (root?.kind !== 'map' || root.pairs.length === 0) return undefined;
  const text = a.text;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const lineStart = (off: number) => text.lastIndexOf('\n', off - 1) + 1;
  if (root.pairs.some((p) => p.key.range.start !== lineStart(p.key.range.start))) return undefined;
  if (text.slice(root.range.start, root.range.end).trimStart().startsWith('{')) return undefined;
  const starts = root.pairs.map((p) => lineStart(p.key.range.start));
  const end = blockEnd(text, root);
  const segments = root.pairs.map((p, i) => ({ key: String(p.key.value), text: text.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : end) }));
  const indent = (seg: string, firstPrefix: string) =>
    seg
      .split('\n')
      .map((l, i) => (i === 0 ? firstPrefix + l : l.trim() === '' || l === '\r' ? l : '  ' + l))
      .join('\n');
  const http = segments.filter((s) => HTTP_KEYS.has(s.key));
  const app = segments.filter((s) => !HTTP_KEYS.has(s.key));
  if (app.length === 0) return undefined;
  const ensureNl = (s: string) => (s.endsWith('\n') ? s : s + nl);
  let out = '';
  if (http.length) out += `http_options:${nl}` + http.map((s) => ensureNl(indent(s.text, '  '))).join('');
  out += `applications:${nl}` + app.map((s, i) => ensureNl(indent(s.text, i === 0 ? '- ' : '  '))).join('');
  const last = text.slice(starts[0], end);
  if (!last.endsWith('\n')) out = out.replace(/\r?\n$/, '');
  return { range: { start: starts[0], end }, newText: out };
}

/** End of the top-level mapping's text: the end of the document's content, before a `---`/`...` marker. */
function blockEnd(text: string, root: MapNode): number {
  const m = /^(?:---|\.\.\.)\s*$/m.exec(text.slice(root.range.end));
  return m ? root.range.end + m.index : text.length;
}
