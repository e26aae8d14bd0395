/**
 * vLLM's `-O` and the bare compilation level, which changed meaning across releases
 * (vllm-project/vllm; FlexibleArgumentParser.parse_args and CompilationConfig):
 *
 * - From PR #10437 (Nov 2024) `-O` is the short option of `--compilation-config`, and
 *   CompilationConfig.from_cli reads a bare "0".."3" as the compilation level, so
 *   `--compilation-config 3`, `-O 3` and `-O3` (argparse's attached value) all set it.
 * - PR #20156 (first released in 0.10.0) turns `-O<n>` into `-O.level=<n>` in the parser
 *   itself; from_cli then reads JSON only, so a bare level after `--compilation-config`
 *   fails validation at start-up. 0.11.0 renamed the key to `mode` (`-O.mode=<n>`).
 * - PR #26847 (0.12.0, docs/design/optimization_levels.md) makes `-O<n>`, `-O=<n>` and
 *   `-O <n>` the optimization level (`--optimization-level <n>`); the compilation config's
 *   short option became `-cc` (PR #29557).
 *
 * Dotted keys (`-O.mode=3`, `--compilation-config.cudagraph_mode FULL`, `.key+=a,b` to
 * append to a list) set one field of a JSON argument: the parser gathers them per flag
 * into one JSON value. `-O.<key>` is such a key of `-O`, the compilation config, from
 * PR #20156 until 0.12.0; from 0.12.0 the parser reads any `-O<rest>` as
 * `--optimization-level <rest>` first, so `-O.mode=3` is an optimization level of
 * `.mode=3`, which vLLM rejects.
 */
import { compareVersions } from '../version';

/** The first release whose `-O<n>` is `--optimization-level`. */
export const OPTIMIZATION_LEVEL_RELEASE = '0.12.0';
/** The first release whose `--compilation-config` no longer reads a bare level. */
export const BARE_LEVEL_REMOVED_IN = '0.10.0';

/** `-O3`, `-O=3`: the level written in the same word. */
export function attachedLevel(word: string): string | undefined {
  return /^-O=?([0-3])$/.exec(word)?.[1];
}

export const isLevel = (word: string | undefined): boolean => word !== undefined && /^[0-3]$/.test(word);

/**
 * What `-O <n>` sets in the release: the optimization level (from 0.12.0, and when the
 * release is unknown, as for the newest), else the compilation level/mode.
 */
export function dashOMeaning(release: string | undefined, level: string): { key: string; value: string } {
  if (!release || compareVersions(release, OPTIMIZATION_LEVEL_RELEASE) >= 0) return { key: 'optimization_level', value: level };
  // The inner config only needs to validate: the mode is the level under its current name.
  return { key: 'compilation_config', value: JSON.stringify({ mode: Number(level) }) };
}

/** What `-O.<key>` is a key of in the release: the compilation config before 0.12.0, else (and when unknown) nothing. */
export function dashODottedIsCompilationConfig(release: string | undefined): boolean {
  return !!release && compareVersions(release, OPTIMIZATION_LEVEL_RELEASE) < 0;
}
