/**
 * Documents analysed inside a host document. The inner text goes through the same
 * analyze() as a file of its own; what the host shows (findings, hovers, completion,
 * quick-fix edits) is the inner result carried through the document's OffsetMap.
 */
import type { Analysis } from '../analysis';
import type { Finding, OffsetRange } from '../types';
import { rangeToHost, rangeToHostLoose, toInner, type OffsetMap } from './offsetMap';

export interface EmbeddedDocument {
  /** What holds it, for messages and the status bar: `RayService serveConfigV2`, `Deployment container vllm`. */
  label: string;
  /** The host text the inner document was read from. */
  region: OffsetRange;
  map: OffsetMap;
  /** A document rebuilt from the host's lines (block scalar) takes completion; a synthesised one does not. */
  editable: boolean;
  analysis: Analysis;
}

/** Where a host finding came from: the inner document and the inner finding's code and range. */
interface Origin {
  doc: number;
  code: string;
  start: number;
  end: number;
}

const ORIGIN = '_embedded';

/** The inner findings of every document, on host ranges, with their origin in `data`. */
export function hostFindings(docs: EmbeddedDocument[]): Finding[] {
  const out: Finding[] = [];
  docs.forEach((d, doc) => {
    for (const f of d.analysis.findings) {
      const origin: Origin = { doc, code: f.code, start: f.range.start, end: f.range.end };
      out.push({
        ...f,
        range: rangeToHostLoose(d.map, f.range, d.region),
        related: f.related?.map((r) => ({ ...r, range: rangeToHostLoose(d.map, r.range, d.region) })),
        data: { ...f.data, [ORIGIN]: origin },
      });
    }
  });
  return out;
}

/** The inner document and finding a host finding was mapped from. */
export function innerFinding(a: Pick<Analysis, 'embedded'>, f: Finding): { doc: EmbeddedDocument; finding: Finding } | undefined {
  const o = f.data?.[ORIGIN] as Origin | undefined;
  const doc = o && a.embedded?.[o.doc];
  if (!o || !doc) return undefined;
  const finding = doc.analysis.findings.find((x) => x.code === o.code && x.range.start === o.start && x.range.end === o.end);
  return finding ? { doc, finding } : undefined;
}

/** The inner document under a host offset, and the offset there. */
export function embeddedAt(a: Pick<Analysis, 'embedded'>, offset: number): { doc: EmbeddedDocument; offset: number } | undefined {
  for (const doc of a.embedded ?? []) {
    if (offset < doc.region.start || offset > doc.region.end) continue;
    const inner = toInner(doc.map, offset);
    if (inner !== undefined) return { doc, offset: inner };
  }
  return undefined;
}

/** A range of an inner result as a host range (exact, or undefined). */
export function hostRange(doc: EmbeddedDocument, r: OffsetRange): OffsetRange | undefined {
  return rangeToHost(doc.map, r);
}
