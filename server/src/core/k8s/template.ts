/**
 * Whether a file is a template that is not YAML until rendered (Helm, `{{ }}`), and so
 * never claimed. KServe's runtimes are the exception: the controller renders each
 * container of a ServingRuntime or InferenceService as a Go template over the
 * InferenceService's ObjectMeta (kserve/kserve, ReplacePlaceholders in
 * pkg/controller/v1beta1/inferenceservice/utils/utils.go), so `{{.Name}}` in
 * `--served-model-name={{.Name}}` is a value filled in at deploy time in a manifest that
 * is applied as written.
 */

/** KServe's placeholders: a field of the InferenceService's ObjectMeta. */
const KSERVE_PLACEHOLDER = /\{\{-?\s*\.(Name|Namespace|Labels|Annotations)\b[^{}]*\}\}/g;

export function isTemplate(text: string): boolean {
  if (!text.includes('{{')) return false;
  if (!/\bserving\.kserve\.io\//.test(text)) return true;
  return text.replace(KSERVE_PLACEHOLDER, '').includes('{{');
}
