/**
 * Incremental YAML → SourceTree for the editor: an edit costs a re-parse of the
 * blocks it touches, not of the whole file.
 *
 * Why: `yaml` needs ~300 ms for a 450 KB generated Ray Serve config, far too slow
 * per keystroke. A config is a top-level block mapping whose big values are block
 * sequences (`applications:`, `deployments:`), so the text is cut into blocks
 * (one per top-level key, one per item of a top-level block sequence), each block
 * is parsed alone with `yaml`, and blocks whose text did not change are taken from a
 * per-document cache (their offsets shifted when an edit above moved them). The
 * result has exactly the shape and ranges `parseYaml` gives; whenever cutting could
 * change the meaning (anchors, aliases, merge keys, tags, directives, several
 * documents, tabs, a block that does not parse cleanly, a top level that is not a
 * block mapping) the whole text is parsed with `parseYaml` instead.
 * test/unit/yaml-incremental.test.ts checks the equivalence on random edits.
 */
import { parseDocument, isMap, isScalar, isSeq, type Node as YNode, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Comment, MapNode, PairNode, SeqNode, SourceNode, SourceTree, SyntaxProblem } from '../types';
import { Converter, DEFAULT_LIMITS, collectComments, parseYaml, problem, type YamlLimits } from './yaml';

type Kind = 'top' | 'key' | 'item';

/** Per-document cache of parsed blocks. Opaque to callers: create one per open document and pass it to every parse of that document. */
export interface YamlParseCache {
  /** Per kind, block text → parse of that text at offset 0. Holds only the blocks of the latest parse. */
  blocks: Record<Kind, Map<string, ParsedBlock>>;
  /** How the latest parse went, for tests and the benchmark. */
  stats: { incremental: boolean; blocks: number; reparsed: number };
  /** The limits the cached blocks were converted under; other limits empty the cache. */
  limits?: string;
  readonly minChars: number;
}

/** Below this size a full parse is as fast as cutting; the cache is not worth its memory. */
const MIN_INCREMENTAL_CHARS = 8192;

const emptyBlocks = (): Record<Kind, Map<string, ParsedBlock>> => ({ top: new Map(), key: new Map(), item: new Map() });

/** `minChars`: texts shorter than this are parsed whole (tests set 0 to cut every file). */
export function createYamlParseCache(opts: { minChars?: number } = {}): YamlParseCache {
  return { blocks: emptyBlocks(), stats: { incremental: false, blocks: 0, reparsed: 0 }, minChars: opts.minChars ?? MIN_INCREMENTAL_CHARS };
}

/** A block parsed alone, ranges relative to the block's first character. */
interface ParsedBlock {
  /** The block cannot be parsed alone (remembered so the next edit falls back at once). */
  unsafe?: true;
  /** A top-level `key: value` block: the single pair, and the range of the block's map. */
  pair?: PairNode;
  mapRange?: { start: number; end: number };
  /** A top-level key whose value is a block sequence: the key alone. */
  key?: PairNode['key'];
  /** A sequence item: the item and the range of the one-item sequence. */
  item?: SourceNode;
  seqRange?: { start: number; end: number };
  /** Where the one-item sequence ends with its trailing comments (a collection holding it ends there). */
  seqNodeEnd?: number;
  comments: Comment[];
  warnings: SyntaxProblem[];
  /** The same block shifted to the offset it was last used at (reused while the offset stays). */
  shifted?: { offset: number; block: ParsedBlock };
}

const UNSAFE: ParsedBlock = { unsafe: true, comments: [], warnings: [] };

/** Parses `text` like {@link parseYaml}, reusing the blocks in `cache` that did not change since the last call. */
export function parseYamlIncremental(text: string, limits: Partial<YamlLimits>, cache: YamlParseCache): SourceTree {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const limitsKey = `${lim.maxDepth}/${lim.maxAliasExpansions}`;
  if (cache.limits !== limitsKey) {
    cache.blocks = emptyBlocks();
    cache.limits = limitsKey;
  }
  const next = emptyBlocks();
  let used = 0;
  let reparsed = 0;
  const full = (): SourceTree => {
    // Keep what was looked at, so the next edit reaches an unsafe block again without re-parsing the ones before it.
    cache.blocks = next;
    cache.stats = { incremental: false, blocks: used, reparsed };
    return parseYaml(text, lim);
  };
  if (text.length < cache.minChars || text.charCodeAt(0) === 0xfeff) return full();
  const cut = cutBlocks(text);
  if (!cut) return full();

  const get = (kind: Kind, start: number, end: number): ParsedBlock => {
    const slice = text.slice(start, end);
    let rel = next[kind].get(slice) ?? cache.blocks[kind].get(slice);
    if (!rel) {
      rel = parseBlock(kind, slice, lim) ?? UNSAFE;
      reparsed++;
    }
    next[kind].set(slice, rel);
    used++;
    if (start === 0 || rel.unsafe) return rel;
    if (!rel.shifted || rel.shifted.offset !== start) rel.shifted = { offset: start, block: shiftBlock(rel, start) };
    return rel.shifted.block;
  };

  const pairs: PairNode[] = [];
  const comments: Comment[] = collectComments(text.slice(0, cut.prefixEnd));
  const warnings: SyntaxProblem[] = [];
  let mapStart = -1;
  let mapEnd = 0;
  for (const b of cut.blocks) {
    if (!b.items) {
      const p = get('top', b.start, b.end);
      if (!p.pair || !p.mapRange) return full();
      pairs.push(p.pair);
      comments.push(...p.comments);
      warnings.push(...p.warnings);
      if (mapStart < 0) mapStart = p.mapRange.start;
      mapEnd = p.mapRange.end;
      continue;
    }
    const head = get('key', b.start, b.items[0]);
    if (!head.key) return full();
    comments.push(...head.comments);
    warnings.push(...head.warnings);
    const items: SourceNode[] = [];
    let seqStart = -1;
    let seqEnd = 0;
    let seqNodeEnd = 0;
    for (let i = 0; i < b.items.length; i++) {
      const it = get('item', b.items[i], i + 1 < b.items.length ? b.items[i + 1] : b.end);
      if (!it.item || !it.seqRange) return full();
      items.push(it.item);
      comments.push(...it.comments);
      warnings.push(...it.warnings);
      if (seqStart < 0) seqStart = it.seqRange.start;
      seqEnd = it.seqRange.end;
      seqNodeEnd = it.seqNodeEnd!;
    }
    const seq: SeqNode = { kind: 'seq', range: { start: seqStart, end: seqEnd }, items };
    pairs.push({ key: head.key, value: seq, range: { start: head.key.range.start, end: seqEnd } });
    if (mapStart < 0) mapStart = head.key.range.start;
    // yaml ends a collection where its last value's node ends, trailing comments included.
    mapEnd = seqNodeEnd;
  }

  cache.blocks = next;
  cache.stats = { incremental: true, blocks: used, reparsed };
  const root: MapNode = { kind: 'map', range: { start: mapStart, end: mapEnd }, pairs };
  return { language: 'yaml', roots: [root], comments, errors: [], warnings };
}

/**
 * Constructs whose meaning reaches across blocks, or that the cutter does not
 * understand, checked in each block's text when it is parsed (every character of
 * the text after the leading comments is in exactly one block). Deliberately
 * coarse: a false alarm only costs a full parse.
 */
function safeToCut(slice: string): boolean {
  if (slice.includes('\t')) return false;
  // Anchors, aliases and tags: `&x`, `*x`, `!tag` where a node can start. A `*` or `&` inside a
  // quoted string or a comment also matches here; that only means a full parse.
  if (/(^|[\s[{,:-])[&*!][^\s]/m.test(slice)) return false;
  if (slice.includes('<<')) return false;
  // Directives, document markers.
  if (/^(%|---|\.\.\.)/m.test(slice)) return false;
  return true;
}

interface Block {
  start: number;
  end: number;
  /** Line starts of the items when the block is `key:` followed by a block sequence. */
  items?: number[];
}

const KEY_LINE = /^[A-Za-z_][\w./-]*:[ ]*(#.*)?\r?\n?$/;

/**
 * Cuts the text at lines that start a top-level key, and a top-level key whose value
 * is a block sequence at its item lines. Returns null when the layout is not one it
 * can cut safely.
 */
function cutBlocks(text: string): { prefixEnd: number; blocks: Block[] } | null {
  // Per line: start offset, indentation, and flags (1 = has content, 2 = starts with a `- ` item marker).
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Int32Array(count + 1);
  const indents = new Int32Array(count);
  const flags = new Uint8Array(count);
  let li = 0;
  for (let i = 0; li < count; li++) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl;
    let j = i;
    while (j < end && text.charCodeAt(j) === 32) j++;
    const c = j < end ? text.charCodeAt(j) : -1;
    const after = j + 1 < end ? text.charCodeAt(j + 1) : -1;
    starts[li] = i;
    indents[li] = j - i;
    if (c !== -1 && c !== 35 && !(c === 13 && j + 1 >= end)) flags[li] = c === 45 && (after === -1 || after === 32 || after === 13) ? 3 : 1;
    i = end + 1;
  }
  starts[count] = text.length;

  const blocks: Block[] = [];
  const blockLine: number[] = [];
  let prefixEnd = -1;
  for (li = 0; li < count; li++) {
    if (!(flags[li] & 1)) continue;
    // Content before the first top-level key: the top level is not a plain block mapping.
    if (!blocks.length && indents[li] > 0) return null;
    if (indents[li] > 0) continue;
    // A column-0 `- ` continues the sequence of the block above (`key:\n- a`).
    if (flags[li] & 2) {
      if (!blocks.length) return null;
      continue;
    }
    if (prefixEnd < 0) prefixEnd = starts[li];
    if (blocks.length) blocks[blocks.length - 1].end = starts[li];
    blocks.push({ start: starts[li], end: text.length });
    blockLine.push(li);
  }
  if (!blocks.length) return null;

  // Split blocks whose value is a block sequence into items.
  blocks.forEach((b, bi) => {
    const kl = blockLine[bi];
    if (!KEY_LINE.test(text.slice(b.start, Math.min(starts[kl + 1], text.length)))) return;
    let first = kl + 1;
    while (first < count && starts[first] < b.end && !(flags[first] & 1)) first++;
    if (first >= count || starts[first] >= b.end || !(flags[first] & 2)) return;
    const indent = indents[first];
    const items: number[] = [];
    for (let k = first; k < count && starts[k] < b.end; k++) {
      if (!(flags[k] & 1)) continue;
      if (indents[k] < indent) return;
      if (indents[k] === indent) {
        if (!(flags[k] & 2)) return;
        items.push(starts[k]);
      }
    }
    b.items = items;
  });
  return { prefixEnd: prefixEnd < 0 ? 0 : prefixEnd, blocks };
}

const PARSE_OPTIONS = { version: '1.1', uniqueKeys: false, prettyErrors: false, strict: false } as const;

/** Parses one block alone; null when it does not parse cleanly into the expected shape. */
function parseBlock(kind: Kind, slice: string, lim: YamlLimits): ParsedBlock | null {
  if (!safeToCut(slice)) return null;
  // An empty or explicit key (`: v`, `? k`) takes its position from the text before the block.
  if (kind !== 'item' && (slice.charCodeAt(0) === 58 || slice.charCodeAt(0) === 63)) return null;
  const doc = parseDocument(slice, PARSE_OPTIONS);
  if (doc.errors.length) return null;
  const scratch: SourceTree = { language: 'yaml', roots: [], comments: [], errors: [], warnings: [] };
  const conv = new Converter(slice, lim, scratch);
  const out: ParsedBlock = {
    comments: collectComments(slice),
    warnings: doc.warnings.map((w) => problem(w.code, w.message, w.pos, slice.length)),
  };
  const contents = doc.contents as YNode | null;
  if (kind === 'item') {
    if (!isSeq(contents) || (contents as YAMLSeq).flow || contents.items.length !== 1) return null;
    // Items of a top-level sequence sit two levels below the root map.
    const item = conv.node(contents.items[0] as YNode, 2);
    if (!item || scratch.limited || !contents.range) return null;
    out.item = item;
    out.seqRange = { start: contents.range[0], end: contents.range[1] };
    out.seqNodeEnd = contents.range[2];
    if (endsOpen(out.seqRange.end, item, slice)) return null;
    return out;
  }
  if (!isMap(contents) || (contents as YAMLMap).flow || contents.items.length !== 1 || !contents.range) return null;
  const map = conv.node(contents, 0);
  if (!map || map.kind !== 'map' || scratch.limited || map.pairs.length !== 1) return null;
  if (kind === 'key') {
    const v = contents.items[0].value;
    if (v !== null && !(isScalar(v) && v.value === null && v.source === '')) return null;
    out.key = map.pairs[0].key;
    return out;
  }
  if (endsOpen(map.range.end, map, slice)) return null;
  out.pair = map.pairs[0];
  out.mapRange = map.range;
  return out;
}

/**
 * A collection whose last value is empty (`key:`) and is followed by a comment ends,
 * in `yaml`'s ranges, at the next token, which lies in the next block: the end seen
 * here (the end of the block) is not the one a full parse gives.
 */
function endsOpen(end: number, n: SourceNode, slice: string): boolean {
  if (end !== slice.length) return false;
  let cur: SourceNode = n;
  for (;;) {
    if (cur.kind === 'scalar') return cur.source === '' && cur.range.start === cur.range.end;
    if (cur.kind === 'map') {
      if (!cur.pairs.length) return false;
      const v: SourceNode | null = cur.pairs[cur.pairs.length - 1].value;
      if (!v) return true;
      cur = v;
    } else {
      if (!cur.items.length) return false;
      cur = cur.items[cur.items.length - 1];
    }
  }
}

function shiftBlock(b: ParsedBlock, d: number): ParsedBlock {
  return {
    pair: b.pair && shiftPair(b.pair, d),
    mapRange: b.mapRange && shiftRange(b.mapRange, d),
    key: b.key && (shiftNode(b.key, d) as PairNode['key']),
    item: b.item && shiftNode(b.item, d),
    seqRange: b.seqRange && shiftRange(b.seqRange, d),
    seqNodeEnd: b.seqNodeEnd === undefined ? undefined : b.seqNodeEnd + d,
    comments: b.comments.map((c) => ({ range: shiftRange(c.range, d), text: c.text })),
    warnings: b.warnings.map((w) => ({ ...w, range: shiftRange(w.range, d) })),
  };
}

function shiftRange(r: { start: number; end: number }, d: number): { start: number; end: number } {
  return { start: r.start + d, end: r.end + d };
}

function shiftPair(p: PairNode, d: number): PairNode {
  return { key: shiftNode(p.key, d) as PairNode['key'], value: p.value && shiftNode(p.value, d), range: shiftRange(p.range, d) };
}

function shiftNode(n: SourceNode, d: number): SourceNode {
  switch (n.kind) {
    case 'scalar':
      return { ...n, range: shiftRange(n.range, d) };
    case 'seq':
      return { kind: 'seq', range: shiftRange(n.range, d), items: n.items.map((i) => shiftNode(i, d)) };
    case 'map':
      return { kind: 'map', range: shiftRange(n.range, d), pairs: n.pairs.map((p) => shiftPair(p, d)) };
  }
}
