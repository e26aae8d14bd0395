/**
 * The advisor's architecture view: the deterministic part above the chat. For one analysed
 * config at the traffic and SLO its `# servescope:` comment or the settings state, it gives
 * the plan summary and topology diagram the plan view shows for its recommendation, and the
 * files `servescope autoscale` and `servescope observe` write for the config. Nothing is
 * computed here: the plan comes from planForDocument, the artifacts from the same builders
 * the CLI commands call, so the view, the plan view and the CLI show the same numbers.
 */
import type { Analysis } from '../analysis';
import { autoscaleArtifact } from '../autoscale/fromAnalysis';
import { defaultName, observeInputs } from '../observe/fromAnalysis';
import { renderDashboard } from '../observe/dashboard';
import { renderRules } from '../observe/rules';
import type { TextEditOffsets } from '../types';
import { statedTargets } from './inFile';
import { baseFromAnalysis } from './planBase';
import { planEdits, type Recheck } from './planEdits';
import { planForDocument, type PlanViewOptions } from './planView';
import { parseSlo } from './slo';

export interface ArchitectureArtifact {
  /** What the file is, for the panel's heading. */
  name: string;
  /** The name the CLI gives the file under --out; the save dialog's default. */
  fileName: string;
  language: 'yaml' | 'json';
  text: string;
}

/**
 * The recommendation as a checked edit of this file: what "Apply" in the view writes. The
 * same edit the plan view's Apply makes for the same row (planEdits), refused when the
 * edited text gains an error.
 */
export interface ArchitectureProposal {
  /** The plan the edit is for, as the plan view labels it. */
  label: string;
  /** Empty when refused or when the file already runs the recommendation. */
  edits: TextEditOffsets[];
  /** Each change in words, e.g. `max-num-seqs: 128 → 256`. */
  changes: string[];
  /** What the plan needs that this file cannot hold: changed by hand. */
  manual: string[];
  refused?: string;
}

export interface ArchitectureOptions extends PlanViewOptions {
  /** Analyses a candidate text like the document; with it the view carries the recommendation's checked edit. */
  recheck?: Recheck;
}

export interface ArchitectureView {
  /** False when the file states no traffic and SLO (see `missing`) or the planner can't read it. */
  ok: boolean;
  /** The first vLLM deployment the plan is for. */
  deployment?: string;
  /** Plain sentences, the planner's numbers with where the inputs came from. */
  summary: string[];
  /** The recommended plan's topology (as `servescope plan --diagram`), when it has a fleet meeting the SLO. */
  diagram?: string;
  artifacts: ArchitectureArtifact[];
  /** The recommended plan as a checked edit (only when a recheck was given and a plan meets the SLO). */
  proposal?: ArchitectureProposal;
  /** Why an artifact is not offered, or what it assumed. */
  notes: string[];
  /** Set when traffic or SLO is missing: what to add to the file. */
  missing?: { message: string; example: string };
  /** The planner's assumptions behind the numbers. */
  assumptions: string[];
}

/** The comment the view suggests; the same syntax the plan view and the SLA rules read. */
export const MODELINE_EXAMPLE = '# servescope: rps=20 slo="ttft:p95<800ms;tpot:p95<60ms"';

const r1 = (x: number) => String(Math.round(x * 10) / 10);
const ms = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x)} ms`);

/**
 * `file` is the config's path on disk (Triton names a model after its directory; the
 * artifacts are named after the file). Never throws: a file the planner can't size gives
 * `ok: false` with the reason in `summary`.
 */
export function architectureFor(a: Analysis, file: string, options: ArchitectureOptions = {}): ArchitectureView {
  const st = statedTargets(a.settings, a.modeline);
  const empty: ArchitectureView = { ok: false, summary: [], artifacts: [], notes: [], assumptions: [] };
  if (st.rps === undefined || st.slo === undefined) {
    const lacking = st.rps === undefined && st.slo === undefined ? 'neither a peak request rate nor an SLO' : st.rps === undefined ? 'an SLO but no peak request rate (rps=…)' : 'a request rate but no SLO (slo="…")';
    return {
      ...empty,
      missing: {
        message: `This file states ${lacking}. Add a comment like the one below (or set servescope.traffic and servescope.slo) and the plan, its diagram and the autoscaling and alert files appear here; the plan view lets you try values first.`,
        example: MODELINE_EXAMPLE,
      },
    };
  }
  const { view, result } = planForDocument(a, {}, options);
  const where = view.inputs.origin.traffic === 'modeline' ? 'the # servescope comment' : 'servescope.traffic / servescope.slo';
  const inputs = `${r1(view.inputs.peakRps ?? Number(st.rps))} req/s at peak${view.inputs.avgRps !== undefined ? ` (${r1(view.inputs.avgRps)} on average)` : ''}, SLO ${view.sloText ?? st.slo}, prompts ${view.inputs.inputLen} / outputs ${view.inputs.outputLen} tokens, from ${where}`;
  const base = { ...empty, deployment: view.deployment, assumptions: view.assumptions };
  if (!view.ok) return { ...base, summary: [`Planned for ${inputs}.`, ...view.errors.map((e) => `Cannot plan: ${e}.`)] };

  const summary = [`Planned for ${inputs}.`];
  const row = view.rows[view.chosen];
  if (row) {
    const n = row.numbers;
    const op = row.operatingPoint;
    summary.push(
      `Recommended: ${row.label} — ${n.replicas ?? '?'} replica${n.replicas === 1 ? '' : 's'}, ${n.total_gpus ?? '?'} GPUs${n.usd_per_hour !== null ? `, $${n.usd_per_hour.toFixed(2)}/h at peak` : ''}.`,
    );
    if (op) summary.push(`One replica serves up to ${r1(op.rps)} req/s within the SLO (p95 TTFT ${ms(op.p95TtftMs)}, p95 TPOT ${ms(op.p95TpotMs)} at that rate).`);
    if (row.peakRpsPerReplica !== undefined) summary.push(`At the peak each replica sees ${r1(row.peakRpsPerReplica)} req/s: p95 TTFT ${ms(n.p95_ttft_ms)}, p95 TPOT ${ms(n.p95_tpot_ms)}.`);
  } else {
    summary.push(`No candidate meets the SLO${view.unreachable ? `: ${view.unreachable}` : ''}.`);
  }

  // The artifacts are for the file as written (the CLI's `autoscale`/`observe` on this file), which may differ from the recommendation.
  const name = defaultName(file);
  const artifacts: ArchitectureArtifact[] = [];
  const notes: string[] = ['The files are what `servescope autoscale` and `servescope observe` write for this file as it is now, at the same traffic and SLO.'];
  const auto = autoscaleArtifact(a, file, name);
  if ('error' in auto) notes.push(`No autoscaling file: ${auto.error.replace(/\.+$/, '')}.`);
  else {
    artifacts.push({ name: `Autoscaling (${auto.format}) for the file as written`, fileName: auto.fileName, language: 'yaml', text: auto.text });
    notes.push(...auto.notes);
  }
  const format = a.detection.format;
  const slo = parseSlo(st.slo);
  if (format && !('error' in slo)) {
    const inputs = observeInputs(a, format, file, name, slo, Number(st.rps));
    artifacts.push({ name: 'Prometheus alert rules', fileName: `${name}.rules.yaml`, language: 'yaml', text: renderRules(inputs) });
    artifacts.push({ name: 'Grafana dashboard', fileName: `${name}.dashboard.json`, language: 'json', text: renderDashboard(name, inputs) });
  }
  let proposal: ArchitectureProposal | undefined;
  const b = baseFromAnalysis(a);
  if (row && result && options.recheck && !('error' in b)) proposal = { label: row.label, ...planEdits(a, b.index, result.plans[row.plan], options.recheck) };
  return { ...base, ok: true, summary, diagram: row?.diagram, artifacts, proposal, notes };
}
