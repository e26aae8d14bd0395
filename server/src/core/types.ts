/**
 * Shared shapes of the analysis core. Everything here is plain data so that the
 * CLI, the language server, the advisor and the tests can pass it around freely.
 * Offsets are UTF-16 code-unit offsets into the document text (what JS strings
 * and LSP use); conversion to line/character happens once, at the edge.
 */

export type FormatId = 'vllm' | 'triton' | 'rayserve' | 'bentoml';
/** BentoML has two YAML files with different schemas; Ray Serve LLM lives inside rayserve. */
export type SchemaId = 'vllm' | 'triton' | 'rayserve' | 'rayserve-llm' | 'rayllm-legacy' | 'bentofile' | 'bentoml-config';

export const FORMAT_IDS: readonly FormatId[] = ['vllm', 'triton', 'rayserve', 'bentoml'];
export const SCHEMA_IDS: readonly SchemaId[] = ['vllm', 'triton', 'rayserve', 'rayserve-llm', 'rayllm-legacy', 'bentofile', 'bentoml-config'];

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Half-open offset range [start, end). */
export interface OffsetRange {
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------
// Source tree: one node model for YAML and protobuf text format.

export interface ScalarNode {
  kind: 'scalar';
  range: OffsetRange;
  /** Parsed value. pbtxt enum identifiers become strings with `identifier: true`. */
  value: string | number | boolean | null;
  /** The source text of the scalar, as written. */
  source: string;
  /** True for pbtxt bare identifiers (enum values such as KIND_GPU). */
  identifier?: boolean;
  /** True when the scalar was quoted in the source. */
  quoted?: boolean;
}

export interface PairNode {
  key: ScalarNode;
  /** null when the key has no value (`key:` in YAML). */
  value: SourceNode | null;
  /** From the start of the key to the end of the value. */
  range: OffsetRange;
}

export interface MapNode {
  kind: 'map';
  range: OffsetRange;
  /** In source order. pbtxt messages may repeat a key (repeated fields). */
  pairs: PairNode[];
}

export interface SeqNode {
  kind: 'seq';
  range: OffsetRange;
  items: SourceNode[];
}

export type SourceNode = ScalarNode | MapNode | SeqNode;

export interface Comment {
  range: OffsetRange;
  /** Text after the comment marker, trimmed. */
  text: string;
}

export interface SyntaxProblem {
  message: string;
  range: OffsetRange;
  code: string;
}

/** A parsed document: one root per YAML document (pbtxt always has one). */
export interface SourceTree {
  language: 'yaml' | 'pbtxt';
  roots: (SourceNode | null)[];
  comments: Comment[];
  /** Syntax errors; when non-empty, schema validation is skipped. */
  errors: SyntaxProblem[];
  /** Non-fatal parser findings (duplicate keys in YAML are errors, tabs, etc.). */
  warnings: SyntaxProblem[];
  /** Set when a limit (size, alias expansion, nesting) stopped parsing. */
  limited?: SyntaxProblem;
}

// ---------------------------------------------------------------------------
// Findings

export interface RelatedInfo {
  range: OffsetRange;
  message: string;
}

export interface Finding {
  /** Stable rule id, e.g. `vllm/kv-cache-too-small` or `schema/unknown-key`. */
  code: string;
  severity: Severity;
  message: string;
  range: OffsetRange;
  tags?: ('deprecated' | 'unnecessary')[];
  related?: RelatedInfo[];
  /** Whatever the rule's quick-fix needs; survives the LSP round-trip. */
  data?: Record<string, unknown>;
}

export interface TextEditOffsets {
  range: OffsetRange;
  newText: string;
}

// ---------------------------------------------------------------------------
// Settings: one typed contract for every consumer.

export interface HardwareSetting {
  /** Catalog id or nvidia-smi name. */
  gpu?: string;
  /** GPUs in the target cluster. */
  count?: number;
}

export interface Settings {
  /** glob → format overrides. */
  files: Record<string, FormatId>;
  hardware: HardwareSetting;
  /** Per-rule severity override. */
  rules: Record<string, Severity | 'off'>;
  /** Concurrency/lengths the hover and estimate assume when the file doesn't say. */
  workload: { inputLen: number; outputLen: number; concurrency?: number };
  /** Traffic the deployment serves (servescope.traffic): with an SLO, replica and autoscaling keys are judged against it. */
  traffic: { peakRps?: number; avgRps?: number; prefixHitRatio?: number };
  /** Latency targets (servescope.slo), e.g. `ttft:p95<800ms;tpot:p95<60ms`. */
  slo?: string;
  /** GPU id → $/hour overrides. */
  gpuPrices: Record<string, number>;
  /** Fetch unknown models' config.json from the Hugging Face Hub. Off by default. */
  allowHubFetch: boolean;
  hubEndpoint?: string;
  /** Framework versions the user runs; removed-key findings are errors only when the version says so. */
  versions: Partial<Record<FormatId, string>>;
  /** How the Triton server is started: `autoCompleteConfig: false` for --disable-auto-complete-config. */
  triton: { autoCompleteConfig: boolean };
  /** Limits that keep the editor responsive. */
  limits: { maxFileBytes: number; maxAliasExpansions: number; maxDepth: number; timeBudgetMs: number };
}

export const DEFAULT_SETTINGS: Settings = {
  files: {},
  hardware: {},
  rules: {},
  workload: { inputLen: 1024, outputLen: 256 },
  traffic: {},
  gpuPrices: {},
  allowHubFetch: false,
  versions: {},
  triton: { autoCompleteConfig: true },
  limits: { maxFileBytes: 1024 * 1024, maxAliasExpansions: 1000, maxDepth: 200, timeBudgetMs: 2000 },
};

// ---------------------------------------------------------------------------
// Detection

export interface Detection {
  format: FormatId | null;
  schema: SchemaId | null;
  /** How it was decided, shown in the status bar tooltip. */
  reason: 'setting' | 'modeline' | 'filename' | 'content' | 'none';
  detail: string;
}
