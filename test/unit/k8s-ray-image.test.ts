/**
 * The Ray release read from an image tag of Ray's own images: the release where the tag
 * names one (every tag form Ray's images and KubeRay's samples use), none otherwise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rayImageVersion } from '../../server/src/core/k8s/rayImage';

test('a tag naming a Ray release gives that release', () => {
  const cases: [string, string][] = [
    ['rayproject/ray:2.52.0', '2.52.0'],
    ['rayproject/ray:2.46.0-py311-gpu', '2.46.0'],
    ['rayproject/ray-llm:2.56.0-py312-cu130', '2.56.0'],
    ['rayproject/ray-llm:2.54.0-extra-py311-cu128', '2.54.0'],
    // A commit-suffixed release build.
    ['rayproject/ray:2.46.0.abc123-py311-cu121', '2.46.0'],
    ['rayproject/ray-ml:2.46.0.0e19ea-py311', '2.46.0'],
    // KubeRay's ray-service.deepseek.yaml sample.
    ['rayproject/ray-llm:ray-2.48.0-py311-cu128', '2.48.0'],
    ['docker.io/rayproject/ray:2.55.1', '2.55.1'],
    ['  rayproject/ray:2.55.1  ', '2.55.1'],
  ];
  for (const [image, release] of cases) assert.equal(rayImageVersion(image), release, image);
});

test('a tag naming no release, or an image that is not Ray\'s own, gives none', () => {
  for (const image of [
    'rayproject/ray:nightly',
    'rayproject/ray:nightly-py311-gpu',
    'rayproject/ray-llm:nightly.260418.64385a-py311-cu128',
    'rayproject/ray:latest',
    'rayproject/ray:0e19ea',
    'rayproject/ray@sha256:4f4b4f4b4f4b4f4b4f4b4f4b4f4b4f4b4f4b4f4b4f4b4f4b4f4b4f4b4f4b4f4b',
    'rayproject/ray',
    'rayproject/ray:ray-nightly',
    'myorg/ray:2.46.0',
    'myorg/vllm:ray-2.48.0',
    '',
  ]) assert.equal(rayImageVersion(image), undefined, image);
  assert.equal(rayImageVersion(undefined), undefined);
});
