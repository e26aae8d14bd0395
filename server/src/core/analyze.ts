/**
 * The one entry point: text in, Analysis out. The language server, the CLI, the
 * advisor and the tests all call this, so every number and finding is computed once
 * and the same way everywhere.
 */
import type { Analysis } from './analysis';
import { detect, firstRoot, mayBeServingConfig, PRESCREEN_BYTES } from './detect';
import { LineIndex } from './lines';
import { findModeline, type Modeline } from './modeline';
import { parsePbtxt } from './parse/pbtxt';
import { collectComments, parseYaml } from './parse/yaml';
import { parseYamlIncremental, type YamlParseCache } from './parse/yamlIncremental';
import { adapterFor } from './frameworks';
import type { AdapterInput } from './frameworks/adapter';
import { checkSchema } from './schema/validate';
import { checkNestedSchemas } from './schema/nested';
import { evaluateSla, slaTargets } from './planner/inFile';
import { estimatePlanDeployment } from './capacity/planEstimate';
import { runRules } from './rules/run';
import { applyUserControls } from './suppress';
import { analyzeManifest } from './k8s';
import type { HostHardware } from './k8s/manifest';
import { NO_HOST, type Host } from './host';
import { applyHostHardware } from './k8s/placement';
import { DEFAULT_SETTINGS, type Detection, type FormatId, type Finding, type Settings, type SourceTree } from './types';

export interface AnalyzeInput {
  uri: string;
  text: string;
  /**
   * The host manifest's `# servescope:` comment, for a config it carries whose own text
   * has none: its traffic, SLO and hardware facts speak for the embedded config too.
   */
  hostModeline?: Modeline;
  /** Editor language id; `pbtxt` selects the protobuf text parser. */
  languageId?: string;
  /** Workspace-relative path, for `servescope.files` globs. */
  relativePath?: string;
  settings?: Partial<Settings>;
  /** Format picked by the user in the status bar. */
  override?: FormatId | null;
  /** Detection of the previous version of this document (editor only). */
  previous?: Detection;
  /**
   * Parsed blocks of earlier versions of this document (editor only; from
   * `createYamlParseCache()`, one per open document): YAML is then re-parsed only
   * where it changed. Findings are the same with or without it.
   */
  parseCache?: YamlParseCache;
  /**
   * Files the framework reads next to this one, keyed by the path the framework
   * names them with (Triton: `1/model.json` of the vLLM backend, or
   * `<gpt_model_path>/config.json` of a TensorRT-LLM engine). When absent they are
   * read through `host` by the adapter (`frameworks/triton/companions.ts`); tests may give them directly.
   */
  companions?: Record<string, string>;
  /**
   * The files and directories around the document (Triton's model repository), as the
   * caller sees them: the disk for the language server and the CLI, a map in tests.
   * Without one the core sees nothing beside the text; see `core/host.ts`.
   */
  host?: Host;
  /**
   * Set when this text is a config embedded in a Kubernetes manifest: the hardware
   * the manifest gives it (GPU type, GPUs per replica), filled into the plan.
   */
  hostHardware?: HostHardware;
}

export function mergeSettings(partial: Partial<Settings> | undefined): Settings {
  const p = partial ?? {};
  return {
    ...DEFAULT_SETTINGS,
    ...p,
    hardware: { ...DEFAULT_SETTINGS.hardware, ...p.hardware },
    workload: { ...DEFAULT_SETTINGS.workload, ...p.workload },
    traffic: { ...DEFAULT_SETTINGS.traffic, ...p.traffic },
    limits: { ...DEFAULT_SETTINGS.limits, ...p.limits },
    rules: { ...DEFAULT_SETTINGS.rules, ...p.rules },
    files: { ...DEFAULT_SETTINGS.files, ...p.files },
    gpuPrices: { ...DEFAULT_SETTINGS.gpuPrices, ...p.gpuPrices },
    versions: { ...DEFAULT_SETTINGS.versions, ...p.versions },
    triton: { ...DEFAULT_SETTINGS.triton, ...p.triton },
  };
}

export function isPbtxt(uri: string, languageId?: string): boolean {
  return languageId === 'pbtxt' || /\.pbtxt$/i.test(uri.split(/[?#]/)[0]);
}

export function analyze(input: AnalyzeInput): Analysis {
  const started = performance.now();
  const settings = mergeSettings(input.settings);
  const { text, uri } = input;
  const pbtxt = isPbtxt(uri, input.languageId);
  const lines = new LineIndex(text);

  // Files not parsed (too large, or screened out) are still detected from the name,
  // settings and a modeline in the head.
  const unparsed = () => {
    const tree: SourceTree = { language: pbtxt ? 'pbtxt' : 'yaml', roots: [], comments: [], errors: [], warnings: [] };
    const head = text.slice(0, lines.lineStart(Math.min(5, lines.lineCount - 1)) || Math.min(text.length, 2000));
    const modeline = findModeline(collectComments(head.slice(0, 4000)), head);
    return { tree, modeline, detection: detect({ uri, relativePath: input.relativePath, tree, modeline, settings, override: input.override }) };
  };

  if (text.length > settings.limits.maxFileBytes) {
    const { tree, detection } = unparsed();
    const findings: Finding[] = detection.format
      ? [
          {
            code: 'servescope/file-too-large',
            severity: 'warning',
            message: `File is ${(text.length / 1048576).toFixed(1)} MiB, over the ${(settings.limits.maxFileBytes / 1048576).toFixed(1)} MiB limit (servescope.limits.maxFileBytes); ServeScope does not analyse it.`,
            range: { start: 0, end: Math.min(text.length, lines.lineEnd(0)) },
          },
        ]
      : [];
    return { uri, text, lines, tree, root: null, detection, settings, estimates: [], findings, elapsedMs: performance.now() - started };
  }

  if (!pbtxt && text.length > PRESCREEN_BYTES && !mayBeServingConfig(text)) {
    const { tree, modeline, detection } = unparsed();
    if (!detection.format) {
      const none: Detection = { ...detection, detail: `no top-level key of a serving config (a ${(text.length / 1024).toFixed(0)} KiB file is screened by its keys before parsing)` };
      return { uri, text, lines, tree, root: null, detection: none, modeline, settings, estimates: [], findings: [], elapsedMs: performance.now() - started };
    }
  }

  const tree = pbtxt
    ? parsePbtxt(text, { maxDepth: settings.limits.maxDepth })
    : input.parseCache
      ? parseYamlIncremental(text, settings.limits, input.parseCache)
      : parseYaml(text, settings.limits);
  const root = firstRoot(tree);
  const modeline = findModeline(tree.comments, text) ?? input.hostModeline;
  const detection = detect({ uri, relativePath: input.relativePath, tree, modeline, settings, override: input.override, previous: input.previous });
  const base: Analysis = { uri, text, lines, tree, root, detection, modeline, settings, host: input.host ?? NO_HOST, estimates: [], findings: [], elapsedMs: 0 };
  // A manifest is a host of embedded configs, each analysed by this same function.
  const manifest = !detection.format && !pbtxt && !modeline?.off ? analyzeManifest(base, input, analyze) : undefined;
  if (manifest) {
    Object.assign(base, { detection: manifest.detection, embedded: manifest.embedded, plan: manifest.plan, estimates: manifest.estimates });
    base.findings = applyUserControls(dedupe(manifest.findings), base);
    base.elapsedMs = performance.now() - started;
    return base;
  }
  if (!detection.format || !detection.schema) {
    base.elapsedMs = performance.now() - started;
    return base;
  }

  const findings: Finding[] = [];
  for (const e of tree.errors) findings.push({ code: e.code, severity: 'error', message: e.message, range: e.range });
  if (tree.limited) findings.push({ code: 'servescope/limit', severity: 'warning', message: tree.limited.message, range: tree.limited.range });
  for (const tok of modeline?.unknown ?? [])
    findings.push({
      code: 'servescope/modeline',
      severity: 'warning',
      message: `Unknown servescope comment setting "${tok}". Use a format (vllm, triton, rayserve, bentoml, off) or gpu=NAME count=N.`,
      range: modeline!.range,
    });

  // A document that doesn't parse gets its syntax errors only: schema findings on a
  // half-read tree would be noise. Nor does one the parser was not given (too deep).
  if (tree.errors.length === 0 && !(tree.limited && !root)) {
    const deadline = started + settings.limits.timeBudgetMs;
    const adapter = adapterFor(detection.format);
    const companions = input.companions ?? (pbtxt && input.host ? adapter.companions?.(uri, text, input.host) : undefined);
    const ain: AdapterInput = { root, schema: detection.schema, text, settings, modeline, companions };
    const value = adapter.toValue(ain, findings);
    base.value = value;
    const spell = adapter.speller?.(ain);
    try {
      findings.push(...checkSchema(detection.schema, root, value, { noun: adapter.noun, spell, unknownKey: adapter.unknownKey?.(detection.schema), synonyms: adapter.synonyms }));
      findings.push(...checkNestedSchemas(detection.schema, root, value));
    } catch (err) {
      findings.push(internalError('schema', err, root));
    }
    try {
      base.plan = adapter.plan?.(ain, value);
      if (base.plan && input.hostHardware) applyHostHardware(base.plan, input.hostHardware);
    } catch (err) {
      findings.push(internalError('plan', err, root));
    }
    if (base.plan) base.estimates = base.plan.deployments.slice(0, MAX_ESTIMATED_DEPLOYMENTS).map((d) => estimatePlanDeployment(d, settings, modeline));
    const sla = slaTargets(settings, modeline);
    if (sla) for (const pe of base.estimates.slice(0, MAX_SLA_DEPLOYMENTS)) pe.sla = evaluateSla(pe, sla);
    findings.push(...attributeToArgsFile(base, runRules(base, undefined, deadline)));
  }

  base.findings = applyUserControls(dedupe(findings), base);
  base.elapsedMs = performance.now() - started;
  return base;
}

/** Deployments estimated per file; a generated config with thousands would stall the editor. */
const MAX_ESTIMATED_DEPLOYMENTS = 200;
/** Deployments judged against the SLO: each runs the scheduler simulation once (memoised). */
const MAX_SLA_DEPLOYMENTS = 20;

export function internalError(where: string, err: unknown, root: { range: { start: number; end: number } } | null): Finding {
  const msg = err instanceof Error ? err.message : String(err);
  return {
    code: 'servescope/internal-error',
    severity: 'warning',
    message: `ServeScope's ${where} failed on this file (${msg}); other checks still ran. Please report this.`,
    range: { start: root?.range.start ?? 0, end: root?.range.start ?? 0 },
    data: { where },
  };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    const k = `${f.code}|${f.range.start}|${f.range.end}|${f.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f);
  }
  return out.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}

/**
 * Findings about engine arguments kept in a companion file name that file, since their
 * range is a stand-in here; deployments sized from a `model=` comment raise none, since
 * their real engine arguments are unknown.
 */
function attributeToArgsFile(a: Analysis, found: Finding[]): Finding[] {
  return found.filter((f) => {
    const i = (f.data as { deployment?: unknown } | undefined)?.deployment;
    const dep = typeof i === 'number' ? a.plan?.deployments[i] : undefined;
    if (dep?.modelFromComment) return false;
    if (dep?.argsFile) f.message = `In ${dep.argsFile}: ${f.message}`;
    return true;
  });
}
