/**
 * vLLM's engine arguments have one table and one number reader. Each case below
 * was read two ways before (the plan builder's parser and the rules' `intArg`
 * disagreed); now the plan, the rules and the CLI all read it as vLLM's
 * `human_readable_int` does (vllm/engine/arg_utils.py).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { intArg } from '../../server/src/core/frameworks/vllm/rules/args';
import { runEstimate } from '../../server/src/cli/estimate';
import { ARGS, vllmShortOptions } from '../../server/src/core/engineArgs/table';
import { plannedValue } from '../../server/src/core/engineArgs/planFields';
import { engineArgOptions } from '../../server/src/core/engineArgs/flags';

const planned = (maxModelLen: string, maxNumBatchedTokens = maxModelLen) => {
  const text = `model: meta-llama/Llama-3.1-8B-Instruct\nmax_model_len: "${maxModelLen}"\nmax_num_batched_tokens: "${maxNumBatchedTokens}"\n`;
  const d = analyze({ uri: 'file:///w/vllm.yaml', text, override: 'vllm' }).plan?.deployments[0];
  return { maxModelLen: d?.model.maxModelLen?.value, maxNumBatchedTokens: d?.admission.maxNumBatchedTokens?.value };
};

const cliLen = (v: string): { code: number; len?: number; err: string } => {
  const out: string[] = [];
  const err: string[] = [];
  const code = runEstimate(['--model', 'meta-llama/Llama-3.1-8B-Instruct', '--gpu', 'H100-SXM-80GB', '--max-model-len', v, '--json'], (s) => out.push(s), (s) => err.push(s)) as number;
  const j = out.length ? JSON.parse(out.join('\n')) : undefined;
  return { code, len: j?.max_model_len, err: err.join('\n') };
};

describe('one reader for integer engine arguments, as vLLM reads them', () => {
  // [text, what vLLM makes of it (undefined: vLLM rejects it)]
  const CASES: [string, number | undefined][] = [
    ['32k', 32_000],
    ['32K', 32_768],
    ['25.6k', 25_600],
    // vLLM truncates a decimal mantissa; rounding read 1001.
    ['1.0005k', 1_000],
    // t/T: vLLM's table has them; the plan builder's copy read nothing.
    ['1t', 1e12],
    ['1T', 2 ** 40],
    // A space between number and suffix is not vLLM's form; the plan builder's copy read 2048.
    ['2 K', undefined],
    // Decimals with a binary suffix are refused by vLLM; the rules' copy read 1536.
    ['1.5K', undefined],
    // Python's int() takes a sign, underscores and surrounding blanks.
    [' 8192 ', 8192],
    ['1_000', 1000],
    ['+64', 64],
    ['4096.0', undefined],
    ['lots', undefined],
  ];

  for (const [text, want] of CASES) {
    test(`"${text}" → ${want ?? 'rejected'} in the plan, the rules and the CLI alike`, () => {
      assert.equal(intArg(text), want, 'rules');
      const p = planned(text);
      assert.equal(p.maxModelLen, want, 'plan max_model_len');
      assert.equal(p.maxNumBatchedTokens, want, 'plan max_num_batched_tokens');
    });
  }

  test('the CLI reads --max-model-len like the file: "2 K" is a usage error, "4k" is 4,000', () => {
    const bad = cliLen('2 K');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--max-model-len must be an integer \(got "2 K"\)/);
    const ok = cliLen('4k');
    assert.equal(ok.len, 4000, ok.err);
  });
});

describe('the unset words mean the same everywhere', () => {
  const run = (...extra: string[]) => {
    const out: string[] = [];
    const code = runEstimate(['--model', 'meta-llama/Llama-3.1-8B-Instruct', '--gpu', 'H100-SXM-80GB', '--json', ...extra], (s) => out.push(s), () => undefined);
    return { code, json: out.length ? JSON.parse(out.join('\n')) : undefined };
  };
  // `plan` and the what-if always read "none" as no quantization; `estimate` passed the word to the engine.
  test('estimate --quantization none is the unquantized model, as in plan and the what-if', () => {
    const plain = run();
    const none = run('--quantization', 'none');
    assert.equal(none.code, plain.code);
    assert.deepEqual(none.json, plain.json);
  });
});

describe('everything else is derived from the table', () => {
  test('the plan builder reads every row that has a plan field', () => {
    const sample = { string: 'bfloat16', bool: true, int: 2, humanInt: '4k', float: 0.8 } as Record<string, unknown>;
    const rows = ARGS.filter((r) => r.plan);
    const text = rows.map((r) => `${r.name}: ${JSON.stringify(r.name === 'model' ? 'meta-llama/Llama-3.1-8B-Instruct' : sample[r.kind])}`).join('\n');
    const d = analyze({ uri: 'file:///w/vllm.yaml', text, override: 'vllm' }).plan!.deployments[0];
    for (const r of rows) assert.notEqual(plannedValue(d, r.name as never)?.value, undefined, r.name);
    assert.equal(d.model.maxModelLen?.value, 4000);
  });

  test('estimate takes one flag per engine input; plan repeats the searched ones', () => {
    const single = engineArgOptions('single');
    const search = engineArgOptions('search');
    assert.deepEqual(Object.keys(single), ARGS.filter((r) => r.estimate).map((r) => r.flag));
    for (const r of ARGS.filter((x) => x.estimate)) assert.equal(search[r.flag].multiple === true, !!r.search, r.flag);
    assert.equal(single['tensor-parallel-size'].short, 't');
    assert.equal(single['enforce-eager'].type, 'boolean');
  });

  test("vLLM's short options come from the table", () => {
    assert.deepEqual(vllmShortOptions(), { '-q': 'quantization', '-tp': 'tensor-parallel-size', '-pp': 'pipeline-parallel-size', '-dp': 'data-parallel-size', '-cc': 'compilation-config' });
  });
});
