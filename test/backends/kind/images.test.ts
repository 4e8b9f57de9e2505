/** The kindest/node table: one pinned image per minor, chosen for the installed kind release. */
import { describe, expect, test } from '@jest/globals';
import { chooseImage, DEFAULT_KIND_RELEASE, imageRef, KIND_MINORS, NODE_IMAGES } from '../../../src/backends/kind/images';
import { SUPPORTED_VERSIONS } from '../../../src/kube/version';

describe('kindest/node images', () => {
  test('every image is pinned by a sha256 digest, once, and names its kind release', () => {
    for (const i of NODE_IMAGES) {
      expect(i.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(i.kind).toMatch(/^v0\.\d+\.\d+$/);
      expect(i.version).toMatch(/^1\.\d+\.\d+$/);
    }
    expect(new Set(NODE_IMAGES.map((i) => i.digest)).size).toBe(NODE_IMAGES.length);
  });

  test('the kind backend covers every minor the simulator emulates, and 1.36 and 1.37 besides', () => {
    expect(KIND_MINORS).toEqual(['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37']);
    for (const v of SUPPORTED_VERSIONS) expect(KIND_MINORS).toContain(v);
  });

  test.each([
    ['1.29', 'kindest/node:v1.29.14@sha256:8703bd94ee24e51b778d5556ae310c6c0fa67d761fae6379c8e0bb480e6fea29', 'v0.27.0'],
    ['1.30', 'kindest/node:v1.30.13@sha256:397209b3d947d154f6641f2d0ce8d473732bd91c87d9575ade99049aa33cd648', 'v0.29.0'],
    ['1.31', 'kindest/node:v1.31.14@sha256:6f86cf509dbb42767b6e79debc3f2c32e4ee01386f0489b3b2be24b0a55aac2b', 'v0.31.0'],
    ['1.32', 'kindest/node:v1.32.11@sha256:5fc52d52a7b9574015299724bd68f183702956aa4a2116ae75a63cb574b35af8', 'v0.31.0'],
    ['1.33', 'kindest/node:v1.33.12@sha256:3f5c8443c620245e4d355cfe09e96a91ead32ceaa569d3f1ca9edf0cb2fe2ff4', 'v0.32.0'],
    ['1.34', 'kindest/node:v1.34.11@sha256:44e222ee2132dab25ff87301682f89eb82c7880ea3a1bf543bfe9708fd08d67d', 'v0.33.0'],
    ['1.35', 'kindest/node:v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0', 'v0.33.0'],
    ['1.36', 'kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed', 'v0.33.0'],
    ['1.37', 'kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5', 'v0.33.0'],
  ])('%s on kind %s: the image built for that release, or the newest with a note', (minor, ref, release) => {
    const c = chooseImage(minor, DEFAULT_KIND_RELEASE);
    expect(c.ref).toBe(ref);
    expect(c.image?.kind).toBe(release);
    if (release === DEFAULT_KIND_RELEASE) expect(c.note).toBeUndefined();
    else expect(c.note).toContain(`built for kind ${release}`);
  });

  test('an installed kind v0.32.0 gets the images of its own release notes', () => {
    expect(chooseImage('1.35', 'v0.32.0').ref).toBe('kindest/node:v1.35.5@sha256:ce977ae6d65918d0b58a5f8b5e940429c2ce42fa3a5619ec2bbc60b949c0ac95');
    expect(chooseImage('1.33', 'v0.32.0').note).toBeUndefined();
    expect(chooseImage('1.36', 'v0.31.0').ref).toBe(imageRef(NODE_IMAGES.find((i) => i.version === '1.36.4')!));
  });

  test('--kind-image wins, with a note when it is not pinned by digest; an unknown minor is a usage error', () => {
    expect(chooseImage('1.35', DEFAULT_KIND_RELEASE, 'kindest/node:v1.35.8')).toMatchObject({ ref: 'kindest/node:v1.35.8', note: expect.stringContaining('not pinned by digest') });
    expect(chooseImage('1.35', DEFAULT_KIND_RELEASE, 'my/node@sha256:abc').note).toBeUndefined();
    expect(() => chooseImage('1.28')).toThrow(/no kindest\/node image for Kubernetes 1.28/);
  });
});

describe('docs/real-clusters.md', () => {
  test('its image table is the backend\'s', () => {
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const { join } = require('node:path') as typeof import('node:path');
    const doc = readFileSync(join(__dirname, '../../../docs/real-clusters.md'), 'utf8');
    const rows = doc.split('\n').filter((l) => /^\| 1\.\d+ \| v1\./.test(l));
    const listed = rows.flatMap((r) => [...r.matchAll(/v(1\.\d+\.\d+) \((?:kind )?(v0\.\d+\.\d+)\)/g)].map((m) => `${m[1]} ${m[2]}`));
    expect(listed.sort()).toEqual(NODE_IMAGES.map((i) => `${i.version} ${i.kind}`).sort());
  });
});
