/**
 * The result of analysing one document: everything every consumer needs, computed once.
 */
import type { Host } from './host';
import type { LineIndex } from './lines';
import type { Modeline } from './modeline';
import type { ServingPlan, ServedDeployment } from './plan';
import type { ValueWithOrigins } from './schema/value';
import type { Detection, Finding, SchemaId, Settings, SourceNode, SourceTree } from './types';
import type { PlanEstimate } from './capacity/planEstimate';
import type { EmbeddedDocument } from './embedded/embedded';

export interface Analysis {
  uri: string;
  text: string;
  lines: LineIndex;
  tree: SourceTree;
  /** First document's root; the one we analyse. */
  root: SourceNode | null;
  detection: Detection;
  modeline?: Modeline;
  settings: Settings;
  /** The files around the document, as `analyze({ host })` was given them (rules read the model repository through it). */
  host?: Host;
  /** The value validated against `detection.schema`, with origins back to nodes. */
  value?: ValueWithOrigins;
  plan?: ServingPlan;
  /** One per deployment in the plan, in the same order. */
  estimates: PlanEstimate[];
  findings: Finding[];
  /**
   * Configs embedded in this document (a manifest's serveConfigV2 or vLLM command
   * line), each analysed on its own; `findings`, `plan` and `estimates` above are
   * theirs, mapped to this document. Hover, completion and fixes go through them.
   */
  embedded?: EmbeddedDocument[];
  /** Wall time of the analysis, for the limits and the benchmark. */
  elapsedMs: number;
}

export type { ServingPlan, ServedDeployment, SchemaId };
