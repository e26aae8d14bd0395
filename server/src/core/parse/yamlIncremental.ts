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
 * result has exactly the shape and ranges `parseYaml` gives: each block is parsed
 * with the comment lines above it and a stand-in for the token after it, because
 * `yaml` ends some nodes there. Whenever cutting could change the result (anchors,
 * aliases, merge keys, tags, directives, several documents, tabs, a block that does
 * not parse cleanly, a block ending in an empty value, a top level that is not a
 * block mapping) the whole text is parsed with `parseYaml` instead.
 * test/unit/yaml-incremental.test.ts checks the equivalence on random edits.
 */
import { parseDocument, isMap, isScalar, isSeq, type Node as YNode, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Comment, MapNode, PairNode, SeqNode, SourceNode, SourceTree, SyntaxProblem } from '../types';
import { Converter, DEFAULT_LIMITS, LONE_CR, collectComments, nestingOver, parseYaml, problem, type YamlLimits } from './yaml';

/**
 * Where a block sits decides what follows it, and `yaml` ends some nodes at the next
 * token (a collection followed by comments, an empty value): `top` / `item` are followed
 * by a top-level key / another item, `lastItem` (last of its sequence) by a top-level key,
 * `final*` by the end of the text. `key` is the `key:` line above a split sequence.
 */
type Kind = 'top' | 'finalTop' | 'key' | 'item' | 'lastItem' | 'finalItem';

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

const emptyBlocks = (): Record<Kind, Map<string, ParsedBlock>> => ({ top: new Map(), finalTop: new Map(), key: new Map(), item: new Map(), lastItem: new Map(), finalItem: new Map() });

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
  if (text.length < cache.minChars || text.charCodeAt(0) === 0xfeff || LONE_CR.test(text)) return full();
  const cut = cutBlocks(text);
  if (!cut) return full();

  const get = (kind: Kind, start: number, end: number): ParsedBlock => {
    const slice = text.slice(start, end);
    // Comment lines just above a block belong to the block before, but yaml's ranges for
    // the block can depend on them: they are parsed with it, as context.
    const lead = text.slice(leadingComments(text, start), start);
    const id = lead ? `${lead}\u0000${slice}` : slice;
    let rel = next[kind].get(id) ?? cache.blocks[kind].get(id);
    if (!rel) {
      rel = parseBlock(kind, lead, slice, lim) ?? UNSAFE;
      reparsed++;
    }
    next[kind].set(id, rel);
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
  cut.blocks.forEach((b, bi) => (b.final = bi === cut.blocks.length - 1));
  for (const b of cut.blocks) {
    if (!b.items) {
      const p = get(b.final ? 'finalTop' : 'top', b.start, b.end);
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
      const last = i + 1 === b.items.length;
      const it = get(!last ? 'item' : b.final ? 'finalItem' : 'lastItem', b.items[i], last ? b.end : b.items[i + 1]);
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
  /** The last block of the text. */
  final?: boolean;
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

/**
 * Parses one block alone; null when it does not parse cleanly into the expected shape.
 * The comment lines above it come along, as they do in the document. What follows the block in the document is stood in for by a sentinel at the same
 * place (a top-level key at column 0, or an item marker at the item's indentation), and
 * an item is parsed under a stand-in key, so every range comes out as in a full parse.
 */
function parseBlock(kind: Kind, lead: string, slice: string, lim: YamlLimits): ParsedBlock | null {
  // A block too deep for `yaml` must not reach it here either: the full parse reports it.
  // Checked per new block, so an edit costs its block, not the whole file.
  if (!safeToCut(slice) || nestingOver(slice, lim.maxDepth)) return null;
  const isItem = kind === 'item' || kind === 'lastItem' || kind === 'finalItem';
  // An empty or explicit key (`: v`, `? k`) takes its position from the text before the block.
  if (!isItem && (slice.charCodeAt(0) === 58 || slice.charCodeAt(0) === 63)) return null;
  const prefix = (isItem ? 'k:\n' : '') + lead;
  const indent = slice.length - slice.replace(/^ +/, '').length;
  const sentinel = kind === 'item' ? `${' '.repeat(indent)}- x\n` : kind === 'top' || kind === 'lastItem' ? 'x: 1\n' : '';
  const src = prefix + slice + sentinel;
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(src, PARSE_OPTIONS);
  } catch (e) {
    // A block too deep for `yaml`: the full parse reports it.
    if (e instanceof RangeError) return null;
    throw e;
  }
  if (doc.errors.length) return null;
  const scratch: SourceTree = { language: 'yaml', roots: [], comments: [], errors: [], warnings: [] };
  const conv = new Converter(src, lim, scratch);
  const out: ParsedBlock = {
    comments: collectComments(slice),
    warnings: doc.warnings.map((w) => shiftProblem(problem(w.code, w.message, w.pos, src.length), -prefix.length)),
  };
  const contents = doc.contents as YNode | null;
  const pairsWanted = 1 + (kind === 'top' || kind === 'lastItem' ? 1 : 0);
  if (!isMap(contents) || (contents as YAMLMap).flow || contents.items.length !== pairsWanted || !contents.range) return null;
  if (isItem) {
    const seq = contents.items[0].value;
    if (!isSeq(seq) || (seq as YAMLSeq).flow || seq.items.length !== (kind === 'item' ? 2 : 1) || !seq.range) return null;
    // Items of a top-level sequence sit two levels below the root map.
    const item = conv.node(seq.items[0] as YNode, 2);
    if (!item || scratch.limited || lastLeafEmpty(item)) return null;
    out.item = shiftNode(item, -prefix.length);
    out.seqRange = { start: seq.range[0] - prefix.length, end: seq.range[1] - prefix.length };
    out.seqNodeEnd = seq.range[2] - prefix.length;
    return out;
  }
  const map = conv.node(contents, 0);
  if (!map || map.kind !== 'map' || scratch.limited || map.pairs.length !== pairsWanted) return null;
  if (kind === 'key') {
    const v = contents.items[0].value;
    if (v !== null && !(isScalar(v) && v.value === null && v.source === '')) return null;
    out.key = shiftNode(map.pairs[0].key, -prefix.length) as PairNode['key'];
    return out;
  }
  // Where yaml ends an empty last value depends on text around the block in ways a
  // sentinel does not reproduce (earlier siblings, trailing blank lines): parse whole.
  if (lastLeafEmpty(map)) return null;
  out.pair = shiftPair(map.pairs[0], -prefix.length);
  // Only the document's last block decides where the root map ends, and it has no sentinel.
  out.mapRange = shiftRange(map.range, -prefix.length);
  return out;
}

/** Whether the last value in the node, followed down, is empty (`key:` or `-` with nothing after). */
function lastLeafEmpty(n: SourceNode): boolean {
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

/** Start of the run of blank and comment-only lines that ends at `start` (a line start). */
function leadingComments(text: string, start: number): number {
  let s = start;
  while (s > 0) {
    const prev = s >= 2 ? text.lastIndexOf('\n', s - 2) + 1 : 0;
    if (prev >= s) break;
    let j = prev;
    while (j < s && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 13)) j++;
    if (j < s - 1 && text.charCodeAt(j) !== 35) break;
    s = prev;
  }
  return s;
}

function shiftProblem(p: SyntaxProblem, d: number): SyntaxProblem {
  return { ...p, range: shiftRange(p.range, d) };
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
