/**
 * docker.python_version / cuda_version written as a bare YAML float. YAML reads
 * `3.10` as 3.1, which BentoML turns into "3.1"; and current BentoML only converts
 * integer cuda versions, so a float such as 11.8 is rejected outright.
 */
import { defineRule } from '../../../rules/rule';
import { bentofile, scalarAt } from './bentofile';

export const pythonVersionUnquotedFloat = defineRule({
  id: 'bentoml/python-version-unquoted-float',
  appliesTo: { schemas: ['bentofile'] },
  severity: 'error',
  title: 'python_version or cuda_version written as an unquoted number',
  fix: 'safe',
  sources: ['BentoML `src/bentoml/_internal/bento/build_config.py` `_convert_python_version` (str() of non-strings) and `_convert_cuda_version` (only ints converted; lookup in `ALLOWED_CUDA_VERSION_ARGS`) (@32230a52, v1.4.38+5)'],
  check(ctx) {
    const a = ctx.analysis;
    if (!bentofile(a)) return;
    for (const field of ['python_version', 'cuda_version'] as const) {
      const node = scalarAt(a, ['docker', field]);
      if (!node || node.quoted || typeof node.value !== 'number') continue;
      const text = node.source.trim();
      // Only floats: `12` is an int that BentoML accepts, `3.9` reads back as "3.9".
      if (!/^\d+\.\d+$/.test(text)) continue;
      let message: string;
      if (field === 'python_version') {
        const read = String(node.value);
        if (read === text) continue;
        message = `python_version: ${text} is a YAML number, read as ${read}, so BentoML builds for Python ${read} (its check then fails with "${read} is not supported for <distro>"). Quote it: "${text}".`;
      } else {
        message = `Unsupported cuda version: cuda_version: ${text} is a YAML float, and BentoML only accepts cuda versions given as text or a whole number, so \`bentoml build\` fails. Quote it: "${text}".`;
      }
      ctx.report({ message, range: node.range, data: { text } });
    }
  },
  fixes(finding) {
    const text = finding.data?.text;
    if (typeof text !== 'string') return [];
    return [{ title: `Quote the value: "${text}"`, edits: [{ range: finding.range, newText: `"${text}"` }] }];
  },
});
