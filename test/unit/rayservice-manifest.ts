/** A RayService manifest around a Serve config, for tests that read the Ray release from the head image. */
export function rayServiceManifest(serve: string, image: string, rayVersion?: string): string {
  return [
    'apiVersion: ray.io/v1',
    'kind: RayService',
    'metadata:',
    '  name: llm',
    'spec:',
    '  serveConfigV2: |',
    ...serve.split('\n').filter(Boolean).map((l) => `    ${l}`),
    '  rayClusterConfig:',
    ...(rayVersion ? [`    rayVersion: "${rayVersion}"`] : []),
    '    headGroupSpec:',
    '      template:',
    '        spec:',
    '          containers:',
    '            - name: ray-head',
    `              image: ${image}`,
    '',
  ].join('\n');
}
