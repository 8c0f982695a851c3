import { strict as assert } from 'node:assert';
import { parseImage } from '../../../src/assistants/k8s/rules/image-tag-latest';

/** Image reference parsing behind image-tag-latest: registries with ports, digests, placeholders. */
describe('k8s image-tag-latest: parseImage', () => {
  const cases: [string, ReturnType<typeof parseImage>][] = [
    ['nginx', { name: 'nginx', tag: undefined, digest: undefined }],
    ['nginx:1.27', { name: 'nginx', tag: '1.27', digest: undefined }],
    ['nginx:latest', { name: 'nginx', tag: 'latest', digest: undefined }],
    ['registry:5000/shop/api', { name: 'registry:5000/shop/api', tag: undefined, digest: undefined }],
    ['registry:5000/shop/api:2.0', { name: 'registry:5000/shop/api', tag: '2.0', digest: undefined }],
    ['api@sha256:abc', { name: 'api', tag: undefined, digest: 'sha256:abc' }],
    ['api:latest@sha256:abc', { name: 'api', tag: 'latest', digest: 'sha256:abc' }],
    ['${IMAGE}', undefined],
    ['', undefined],
  ];
  for (const [image, expected] of cases) {
    it(JSON.stringify(image), () => assert.deepEqual(parseImage(image), expected));
  }
});
