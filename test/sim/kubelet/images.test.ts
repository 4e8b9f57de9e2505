import { describe, expect, it } from '@jest/globals';
import { imageId, normalizeImage, pullPolicy } from '../../../src/sim/kubelet/images';

describe('image references', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.16.1', 'docker.io/library/nginx:1.16.1'],
    ['bitnami/redis:7', 'docker.io/bitnami/redis:7'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['quay.io/org/app@sha256:abc', 'quay.io/org/app@sha256:abc'],
  ])('%s normalizes to %s', (ref, normalized) => {
    expect(normalizeImage(ref)).toBe(normalized);
  });

  it('gives one digest per image, the same on every call', () => {
    expect(imageId('nginx:1.27')).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageId('nginx:1.27')).toBe(imageId('docker.io/library/nginx:1.27'));
    expect(imageId('nginx:1.27')).not.toBe(imageId('nginx:1.26'));
  });

  it('defaults the pull policy like the API server', () => {
    expect(pullPolicy({ name: 'a', image: 'nginx' })).toBe('Always');
    expect(pullPolicy({ name: 'a', image: 'nginx:latest' })).toBe('Always');
    expect(pullPolicy({ name: 'a', image: 'nginx:1.27' })).toBe('IfNotPresent');
    expect(pullPolicy({ name: 'a', image: 'nginx', imagePullPolicy: 'Never' })).toBe('Never');
  });
});
