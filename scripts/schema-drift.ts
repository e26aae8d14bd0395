/**
 * Lists the fields a framework's own source declares that our schema does not know,
 * so refreshing a schema starts from a list rather than from reading every file.
 *
 *   node --import tsx scripts/schema-drift.ts triton  <git-dir of triton-inference-server/common>
 *   node --import tsx scripts/schema-drift.ts triton-added <same git-dir> [--write]
 *   node --import tsx scripts/schema-drift.ts bentoml <git-dir of bentoml/BentoML>
 *   node --import tsx scripts/schema-drift.ts bentoml-added <same git-dir> [--write]
 *   node --import tsx scripts/schema-drift.ts vllm    <git-dir of vllm-project/vllm | a saved arg_utils.py>
 *   node --import tsx scripts/schema-drift.ts ray     <git-dir of ray-project/ray | a folder of files saved at their repository paths>
 *
 * It reads data only (model_config.proto, BentoML's default_configuration.yaml and the
 * attrs field names of build_config.py) from `git show HEAD:<path>`, prints the commit, and
 * exits 1 when a field is missing. For vLLM it reads the dataclass fields of EngineArgs and
 * AsyncEngineArgs (vllm/engine/arg_utils.py) and, from a git-dir, BaseFrontendArgs/FrontendArgs
 * (vllm/entrypoints/launchers/cli_args.py, before about 0.30 entrypoints/openai/cli_args.py); a saved arg_utils.py works too, because the
 * repository is larger than a snapshot may be. For Ray it reads the field names of Serve's and Serve
 * LLM's pydantic models (schema.py, config.py, llm_config.py …), from a git-dir or from files saved
 * from the code index; nested shapes (runtime_env, engine_kwargs) are still compared by hand.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';

type Json = Record<string, unknown>;
const ROOT = path.resolve(__dirname, '..');
const schema = (name: string): Json => JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', `${name}.schema.json`), 'utf8')) as Json;
// quiet: a path that may not exist at this commit (git's own message would only be noise).
const show = (gitDir: string, file: string, quiet = false): string =>
  execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:${file}`], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', quiet ? 'ignore' : 'inherit'] });
const head = (gitDir: string): string => execFileSync('git', ['--git-dir', gitDir, 'log', '-1', '--format=%H %cs'], { encoding: 'utf8' }).trim();

function resolve(root: Json, n: unknown): Json | undefined {
  let cur = n as Json | undefined;
  for (let i = 0; cur && typeof cur.$ref === 'string' && i < 20; i++) {
    cur = (cur.$ref as string).split('/').slice(1).reduce<unknown>((o, k) => (o as Json)?.[k], root) as Json | undefined;
  }
  return cur;
}

/** The schema node reached by following property names (through $ref/anyOf/items), or undefined. */
function child(root: Json, node: Json | undefined, seg: string): Json | undefined {
  const n = resolve(root, node);
  if (!n) return undefined;
  const alts = [n, ...((n.anyOf as Json[]) ?? []), ...((n.oneOf as Json[]) ?? []), ...((n.allOf as Json[]) ?? [])].map((a) => resolve(root, a));
  for (const a of alts) {
    if (!a) continue;
    const items = resolve(root, a.items);
    for (const c of [a, items]) {
      const props = c?.properties as Json | undefined;
      if (props && Object.prototype.hasOwnProperty.call(props, seg)) return props[seg] as Json;
    }
  }
  for (const a of alts) {
    const ap = a?.additionalProperties;
    if (ap && typeof ap === 'object') return ap as Json;
    if (ap === undefined && a && !a.properties && (a.type === 'object' || (Array.isArray(a.type) && a.type.includes('object')))) return {};
  }
  return undefined;
}

interface ProtoMessage {
  fields: { name: string; type: string }[];
}

/** Messages of a .proto file by their dotted nested name (ModelInput, ModelOptimizationPolicy.Graph, ...). */
function parseProto(text: string): Map<string, ProtoMessage> {
  const out = new Map<string, ProtoMessage>();
  const stack: { name: string; kind: string }[] = [];
  const clean = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
  const tokens = clean.match(/message\s+\w+\s*\{|enum\s+\w+\s*\{|oneof\s+\w+\s*\{|\{|\}|[^{};]+;/g) ?? [];
  for (const tok of tokens) {
    const open = /^(message|enum|oneof)\s+(\w+)\s*\{$/.exec(tok);
    if (open) {
      stack.push({ name: open[2], kind: open[1] });
      if (open[1] === 'message') out.set(stack.filter((s) => s.kind === 'message').map((s) => s.name).join('.'), { fields: [] });
      continue;
    }
    if (tok === '{') {
      stack.push({ name: '', kind: 'block' });
      continue;
    }
    if (tok === '}') {
      stack.pop();
      continue;
    }
    const msgPath = stack.filter((s) => s.kind === 'message').map((s) => s.name).join('.');
    if (stack.length === 0 || stack[stack.length - 1].kind === 'enum' || !out.has(msgPath)) continue;
    const f = /^\s*(?:repeated\s+|optional\s+)?(map\s*<[^>]+>|[\w.]+)\s+(\w+)\s*=\s*\d+/.exec(tok);
    if (f) out.get(msgPath)!.fields.push({ name: f[2], type: f[1].replace(/\s+/g, '') });
  }
  return out;
}

function messageFor(messages: Map<string, ProtoMessage>, scope: string, type: string): string | undefined {
  const mapValue = /^map<[^,]+,([\w.]+)>$/.exec(type);
  const t = mapValue ? mapValue[1] : type;
  // Protobuf resolves a type name from the innermost scope outwards.
  const parts = scope.split('.');
  for (let i = parts.length; i >= 0; i--) {
    const cand = [...parts.slice(0, i), t].join('.');
    if (messages.has(cand)) return cand;
  }
  return undefined;
}

/**
 * Walks model_config.proto from ModelConfig alongside the schema, calling `onField` with each
 * field's dotted path, its message-qualified name and the schema node that describes it
 * (undefined when the schema lacks it).
 */
function walkProto(messages: Map<string, ProtoMessage>, root: Json, onField: (p: string, qualified: string, node: Json | undefined) => void): void {
  const seen = new Set<string>();
  const visit = (msg: string, node: Json | undefined, at: string): void => {
    if (seen.has(`${msg}@${at}`) || at.split('.').length > 8) return;
    seen.add(`${msg}@${at}`);
    for (const f of messages.get(msg)!.fields) {
      const p = at ? `${at}.${f.name}` : f.name;
      const c = child(root, node, f.name);
      onField(p, `${msg}.${f.name}`, c);
      if (!c) continue;
      const sub = messageFor(messages, msg, f.type);
      if (!sub) continue;
      // A map field is an array of {key, value} entries in our schema.
      const target = f.type.startsWith('map<') ? child(root, c, 'value') : c;
      if (target) visit(sub, target, p);
    }
  };
  visit('ModelConfig', root, '');
}

function tritonDrift(gitDir: string): string[] {
  const missing: string[] = [];
  walkProto(parseProto(show(gitDir, 'protobuf/model_config.proto')), schema('triton'), (p, q, node) => {
    if (!node) missing.push(`${p} (${q})`);
  });
  return missing;
}

/**
 * Triton's versioning: the release branches (r20.10 … rYY.MM, one per container release)
 * of triton-inference-server/common, oldest first, and for each model_config.proto field
 * the first branch that declares it. A field of the newest proto that the first branch
 * holding the file (21.05, when the proto moved here) lacks gets `"x-added": "YY.MM"` on
 * its schema node (with --write, into schemas/triton.schema.json); fields already there
 * get none.
 */
function tritonAdded(gitDir: string, write: boolean): string[] {
  const refs = execFileSync('git', ['--git-dir', gitDir, 'for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/remotes'], { encoding: 'utf8' })
    .split('\n')
    .map((r) => ({ ref: r, m: /\/r(\d{2})\.(\d{2})$/.exec(r) }))
    .filter((x): x is { ref: string; m: RegExpExecArray } => !!x.m)
    .map((x) => ({ ref: x.ref, release: `${x.m[1]}.${x.m[2]}` }))
    .sort((a, b) => a.release.localeCompare(b.release));
  const first = new Map<string, string>();
  // The proto moved into this repository at 21.05: the first branch that has the file is the baseline.
  let oldest: string | undefined;
  for (const { ref, release } of refs) {
    let text: string;
    try {
      text = execFileSync('git', ['--git-dir', gitDir, 'show', `${ref}:protobuf/model_config.proto`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      continue;
    }
    oldest ??= release;
    for (const [msg, m] of parseProto(text)) for (const f of m.fields) if (!first.has(`${msg}.${f.name}`)) first.set(`${msg}.${f.name}`, release);
  }
  const root = schema('triton');
  const out: string[] = [];
  const addedAt = new Map<string, string>();
  walkProto(parseProto(show(gitDir, 'protobuf/model_config.proto')), root, (p, q, node) => {
    const added = first.get(q);
    if (!node || !added || added === oldest) return;
    addedAt.set(p, added);
    // The fields of a message that came with its parent are reported with the parent, once.
    if (addedAt.get(p.slice(0, p.lastIndexOf('.'))) === added) return;
    out.push(`${p}: added in ${added}${node['x-added'] === added ? '' : ` (schema says ${String(node['x-added'] ?? 'nothing')})`}`);
    node['x-added'] = added;
  });
  if (write) fs.writeFileSync(path.join(ROOT, 'schemas', 'triton.schema.json'), JSON.stringify(root, null, 2) + '\n');
  console.log(`release branches read: ${refs.map((r) => r.release).join(' ')} (model_config.proto from ${oldest ?? 'none'})`);
  // Only the entries the schema does not carry yet are differences.
  return write ? [] : out.filter((l) => l.includes('(schema says'));
}

function paths(v: unknown, p: string[] = [], out: string[][] = []): string[][] {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) {
      out.push([...p, k]);
      paths(x, [...p, k], out);
    }
  }
  return out;
}

/** A BentoML key the source declares: where it is, the schema and node that describe it (undefined when missing). */
interface BentoKey {
  id: string;
  /** The build_config.py class that declares it: a class new at a release formalises keys older than itself. */
  cls?: string;
  label: string;
  schema: Json;
  node: Json | undefined;
}

/**
 * Every key BentoML's source declares at `ref`: the paths of the v1 and v2
 * default_configuration.yaml (bentoml-config.schema.json) and the attrs fields of the
 * build_config.py option classes (bentofile.schema.json). A file missing at `ref` adds nothing.
 */
function bentomlKeys(gitDir: string, ref: string, cfg: Json, bf: Json): BentoKey[] {
  const read = (file: string): string | undefined => {
    try {
      return execFileSync('git', ['--git-dir', gitDir, 'show', `${ref}:${file}`], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return undefined;
    }
  };
  const out: BentoKey[] = [];
  const defs = cfg.$defs as Json;
  for (const [file, def] of [
    ['src/bentoml/_internal/configuration/v2/default_configuration.yaml', 'ConfigV2'],
    ['src/bentoml/_internal/configuration/v1/default_configuration.yaml', 'ConfigV1'],
  ] as const) {
    const text = read(file);
    if (text === undefined) continue;
    for (const p of paths(parseYaml(text) as unknown)) {
      let n: Json | undefined = defs[def] as Json;
      for (const seg of p) n = n ? child(cfg, n, seg) : undefined;
      out.push({ id: `${def}:${p.join('.')}`, label: `${def}: ${p.join('.')}`, schema: cfg, node: n });
    }
  }
  // attrs classes of bentofile.yaml: `name: type = ...` lines directly in the class body.
  const classes: Record<string, Json | undefined> = {
    BentoBuildConfig: bf,
    DockerOptions: (bf.$defs as Json)?.DockerOptions as Json,
    PythonOptions: (bf.$defs as Json)?.PythonOptions as Json,
    CondaOptions: (bf.$defs as Json)?.CondaOptions as Json,
    ModelSpec: (bf.$defs as Json)?.ModelSpec as Json,
    BentoEnvSchema: (bf.$defs as Json)?.BentoEnv as Json,
  };
  const src = read('src/bentoml/_internal/bento/build_config.py') ?? '';
  for (const [cls, node] of Object.entries(classes)) {
    const body = new RegExp(`^class ${cls}\\b[^\\n]*\\n([\\s\\S]*?)(?=^\\S)`, 'm').exec(src)?.[1] ?? '';
    for (const m of body.matchAll(/^ {4}([a-z]\w*): [^=\n]+(?:=|$)/gm)) {
      out.push({ id: `bentofile:${cls}.${m[1]}`, cls, label: `bentofile ${cls}.${m[1]}`, schema: bf, node: child(bf, node, m[1]) });
    }
  }
  return out;
}

function bentomlDrift(gitDir: string): string[] {
  return bentomlKeys(gitDir, 'HEAD', schema('bentoml-config'), schema('bentofile'))
    .filter((k) => !k.node)
    .map((k) => k.label);
}

/**
 * BentoML's versioning: the final release tags v1.2.0 … v1.4.x oldest first, and for each
 * key the first tag that declares it; a key v1.2.0 lacks gets `"x-added": "<release>"`
 * (with --write, into bentoml-config.schema.json and bentofile.schema.json). A key that
 * came with its parent (a new config section) is marked on the parent only.
 */
function bentomlAdded(gitDir: string, write: boolean): string[] {
  const tags = execFileSync('git', ['--git-dir', gitDir, 'tag'], { encoding: 'utf8' })
    .split('\n')
    .filter((t) => /^v1\.[2-9]\.\d+$/.test(t))
    .sort((a, b) => {
      const pa = a.slice(1).split('.').map(Number);
      const pb = b.slice(1).split('.').map(Number);
      return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
    });
  const cfg = schema('bentoml-config');
  const bf = schema('bentofile');
  const first = new Map<string, string>();
  const classFirst = new Map<string, string>();
  for (const t of tags) {
    for (const k of bentomlKeys(gitDir, t, cfg, bf)) {
      if (!first.has(k.id)) first.set(k.id, t.slice(1));
      if (k.cls && !classFirst.has(k.cls)) classFirst.set(k.cls, t.slice(1));
    }
  }
  // BentoEnvSchema (1.3.6) typed the envs entries ({name, value}) that 1.2.0 already took: a
  // class's first fields are as old as what it replaced, so they carry nothing.
  const baselineOf = (k: BentoKey) => (k.cls && classFirst.get(k.cls)) || tags[0]?.slice(1);
  const out: string[] = [];
  const addedAt = new Map<string, string>();
  for (const k of bentomlKeys(gitDir, 'HEAD', cfg, bf)) {
    const added = first.get(k.id);
    if (!k.node || !added || added === baselineOf(k)) continue;
    addedAt.set(k.id, added);
    if (addedAt.get(k.id.slice(0, Math.max(k.id.lastIndexOf('.'), 0))) === added) continue;
    if (k.node['x-added'] !== added) out.push(`${k.label}: added in ${added} (schema says ${String(k.node['x-added'] ?? 'nothing')})`);
    k.node['x-added'] = added;
  }
  console.log(`release tags read: ${tags[0]} … ${tags[tags.length - 1]} (${tags.length})`);
  if (write) {
    fs.writeFileSync(path.join(ROOT, 'schemas', 'bentoml-config.schema.json'), JSON.stringify(cfg, null, 2) + '\n');
    fs.writeFileSync(path.join(ROOT, 'schemas', 'bentofile.schema.json'), JSON.stringify(bf, null, 2) + '\n');
    return [];
  }
  return out;
}

/** `name: type = default` lines directly in a Python class body (dataclass and pydantic fields). */
function dataclassFields(src: string, cls: string): string[] {
  // The header may span lines (`class DeploymentSchema(\n    BaseModel, ...\n):`): the body starts after its closing colon.
  const body = new RegExp(`^class ${cls}\\b[\\s\\S]*?:[ \\t]*\\n([\\s\\S]*?)(?=^\\S)`, 'm').exec(src)?.[1] ?? '';
  return [...body.matchAll(/^ {4}([a-z]\w*)\s*:[^\n]*/gm)].map((m) => m[1]);
}

/**
 * vLLM: every EngineArgs/AsyncEngineArgs/FrontendArgs field the schema lacks, and the
 * schema's keys the source no longer declares (candidates for `x-removed`). Fields with
 * a leading underscore are internal and not command-line arguments.
 */
function vllmDrift(source: string): string[] {
  const fromGit = fs.existsSync(path.join(source, 'HEAD'));
  const read = (file: string): string => (fromGit ? show(source, file) : fs.readFileSync(source, 'utf8'));
  const engine = read('vllm/engine/arg_utils.py');
  const fields = new Set([...dataclassFields(engine, 'EngineArgs'), ...dataclassFields(engine, 'AsyncEngineArgs')]);
  if (fromGit) {
    // FrontendArgs moved from entrypoints/openai to entrypoints/launchers (about 0.30), and
    // part of its fields live in the BaseFrontendArgs it extends.
    const frontendPaths = ['vllm/entrypoints/launchers/cli_args.py', 'vllm/entrypoints/openai/cli_args.py'];
    const frontend = frontendPaths.map((f) => { try { return show(source, f, true); } catch { return ''; } }).find((t) => t.includes('class FrontendArgs')) ?? '';
    for (const cls of ['BaseFrontendArgs', 'FrontendArgs']) for (const f of dataclassFields(frontend, cls)) fields.add(f);
  }
  const props = (schema('vllm').properties ?? {}) as Record<string, Json>;
  const missing = [...fields].filter((f) => !props[f]).map((f) => `missing: ${f}`);
  const marked = [...fields].filter((f) => props[f]?.['x-removed']).map((f) => `in the source but marked x-removed: ${f}`);
  // Frontend keys live in cli_args.py, which a lone arg_utils.py does not show.
  const gone = Object.entries(props)
    .filter(([k, v]) => !fields.has(k) && !v['x-removed'] && (fromGit || v['x-group'] !== 'Frontend'))
    .map(([k]) => `in the schema, not in the source (removed?): ${k}`);
  return [...missing, ...marked, ...gone];
}

/** Ray's pydantic models and the $defs of rayserve(-llm).schema.json that describe them. */
const RAY_CLASSES: Record<string, { schema: 'rayserve' | 'rayserve-llm'; def: string }> = {
  RayActorOptionsSchema: { schema: 'rayserve', def: 'RayActorOptions' },
  DeploymentSchema: { schema: 'rayserve', def: 'Deployment' },
  ServeApplicationSchema: { schema: 'rayserve', def: 'Application' },
  ServeDeploySchema: { schema: 'rayserve', def: 'ServeDeploySchema' },
  HTTPOptionsSchema: { schema: 'rayserve', def: 'HTTPOptions' },
  gRPCOptionsSchema: { schema: 'rayserve', def: 'GRPCOptions' },
  LoggingConfig: { schema: 'rayserve', def: 'LoggingConfig' },
  AutoscalingConfig: { schema: 'rayserve', def: 'AutoscalingConfig' },
  AutoscalingPolicy: { schema: 'rayserve', def: 'AutoscalingPolicy' },
  RequestRouterConfig: { schema: 'rayserve', def: 'RequestRouterConfig' },
  GangSchedulingConfig: { schema: 'rayserve', def: 'GangSchedulingConfig' },
  DeploymentActorConfig: { schema: 'rayserve', def: 'DeploymentActorConfig' },
  LLMConfig: { schema: 'rayserve-llm', def: 'LLMConfig' },
  ModelLoadingConfig: { schema: 'rayserve-llm', def: 'ModelLoadingConfig' },
  LoraConfig: { schema: 'rayserve-llm', def: 'LoraConfig' },
  CloudMirrorConfig: { schema: 'rayserve-llm', def: 'CloudMirrorConfig' },
};

/** The Ray files that declare those models (any may be absent at an older release). */
const RAY_FILES = [
  'python/ray/serve/schema.py',
  'python/ray/serve/config.py',
  'python/ray/serve/gang.py',
  'python/ray/serve/_private/config.py',
  'python/ray/llm/_internal/serve/core/configs/llm_config.py',
  'python/ray/llm/_internal/serve/configs/server_models.py',
];

/**
 * Ray Serve: each field of the pydantic models above that the schema lacks, and each schema
 * key a model found in the source does not declare. Ray's repository is over the snapshot
 * size limit, so besides a git-dir this takes a folder of files saved from the code index
 * (read_file at a commit) at their repository paths. Run on the files of a release (a tag's
 * or a release branch's commit), the second list is the keys added after that release: the
 * candidates for `"x-added": ">=<next release>"`.
 */
function rayDrift(source: string): string[] {
  const fromGit = fs.existsSync(path.join(source, 'HEAD'));
  const read = (file: string): string => {
    try {
      return fromGit ? show(source, file, true) : fs.readFileSync(path.join(source, file), 'utf8');
    } catch {
      return '';
    }
  };
  const text = RAY_FILES.map(read).join('\n');
  const out: string[] = [];
  for (const [cls, { schema: id, def }] of Object.entries(RAY_CLASSES)) {
    if (!new RegExp(`^class ${cls}\\b`, 'm').test(text)) continue;
    const fields = new Set(dataclassFields(text, cls));
    const props = ((((schema(id).$defs as Json)[def] as Json | undefined)?.properties ?? {}) as Json);
    for (const f of fields) if (!(f in props)) out.push(`missing: ${def}.${f} (${cls})`);
    for (const k of Object.keys(props)) if (!fields.has(k)) out.push(`in the schema, not in the source (added later, or removed): ${def}.${k}`);
  }
  return out;
}

const [fw, gitDir, flag] = process.argv.slice(2);
if (!fw || !gitDir || !['triton', 'triton-added', 'bentoml', 'bentoml-added', 'vllm', 'ray'].includes(fw)) {
  console.error('usage: schema-drift.ts triton|triton-added|bentoml|bentoml-added|vllm|ray <git-dir> (vllm also takes a saved arg_utils.py, ray a folder of saved files; the -added modes take --write)');
  process.exit(2);
}
const missing =
  fw === 'triton'
    ? tritonDrift(gitDir)
    : fw === 'triton-added'
      ? tritonAdded(gitDir, flag === '--write')
      : fw === 'bentoml'
        ? bentomlDrift(gitDir)
        : fw === 'bentoml-added'
          ? bentomlAdded(gitDir, flag === '--write')
          : fw === 'ray'
            ? rayDrift(gitDir)
            : vllmDrift(gitDir);
const at = fs.existsSync(path.join(gitDir, 'HEAD')) ? head(gitDir) : `file ${gitDir} (give its commit in the schema's $comment)`;
console.log(`${fw} source @ ${at}: ${missing.length ? `${missing.length} difference(s) from the schema` : 'every field is in the schema'}`);
for (const m of missing) console.log(`  ${m}`);
process.exit(missing.length ? 1 : 0);
