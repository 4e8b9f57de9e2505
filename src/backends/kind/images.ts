/**
 * The kindest/node image for each Kubernetes minor, pinned by digest as kind's release notes
 * publish them ("Images pre-built for this release"). kind supports a node image only with the
 * kind release it was built for (other pairings are best effort), so every entry names its
 * release, and the backend prefers the image built for the kind it finds installed.
 *
 * Where the digests come from (none is guessed; a minor without a published image is left out):
 * - kind v0.33.0 release notes (github.com/kubernetes-sigs/kind/releases/tag/v0.33.0):
 *   v1.37.0, v1.36.4, v1.35.8, v1.34.11.
 * - kind v0.32.0 release notes (releases/tag/v0.32.0, 2026-06-02), as quoted with the release's
 *   link in several downstream pin tables that agree digit for digit: v1.36.1, v1.35.5, v1.34.8,
 *   v1.33.12.
 * - kind v0.31.0 release notes (releases/tag/v0.31.0; its default image v1.35.0 also in the notes'
 *   "Breaking Changes"): v1.35.0, v1.34.3, v1.33.7, v1.32.11, v1.31.14.
 * - kind v0.29.0 release notes: v1.30.13 (the newest 1.30 image of any release).
 * - kind v0.27.0 release notes: v1.29.14 (the newest 1.29 image of any release).
 * The v0.29.0 and v0.27.0 entries are as kubernetes-sigs/cluster-api's kindest/node mapping
 * (test/infrastructure/kind/mapping.go, "Pre-built images for Kind v0.29/v0.27") records them.
 * Newer kind releases publish no 1.29–1.32 images any more: on kind v0.33.0 those minors run on
 * an older release's image, which kind treats as best effort (the backend says so).
 */
import { KscenarioError } from '../../errors';

export interface NodeImage {
  /** the kind release whose notes list this image */
  kind: string;
  /** Kubernetes version, e.g. "1.35.8" */
  version: string;
  digest: string;
}

export const NODE_IMAGES: readonly NodeImage[] = [
  // kind v0.33.0
  { kind: 'v0.33.0', version: '1.37.0', digest: 'sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5' },
  { kind: 'v0.33.0', version: '1.36.4', digest: 'sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed' },
  { kind: 'v0.33.0', version: '1.35.8', digest: 'sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0' },
  { kind: 'v0.33.0', version: '1.34.11', digest: 'sha256:44e222ee2132dab25ff87301682f89eb82c7880ea3a1bf543bfe9708fd08d67d' },
  // kind v0.32.0
  { kind: 'v0.32.0', version: '1.36.1', digest: 'sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5' },
  { kind: 'v0.32.0', version: '1.35.5', digest: 'sha256:ce977ae6d65918d0b58a5f8b5e940429c2ce42fa3a5619ec2bbc60b949c0ac95' },
  { kind: 'v0.32.0', version: '1.34.8', digest: 'sha256:02722c2dedddcfc00febf5d27fbeb9b7b2c14294c82109ff4a85d89ac9ba3256' },
  { kind: 'v0.32.0', version: '1.33.12', digest: 'sha256:3f5c8443c620245e4d355cfe09e96a91ead32ceaa569d3f1ca9edf0cb2fe2ff4' },
  // kind v0.31.0
  { kind: 'v0.31.0', version: '1.35.0', digest: 'sha256:452d707d4862f52530247495d180205e029056831160e22870e37e3f6c1ac31f' },
  { kind: 'v0.31.0', version: '1.34.3', digest: 'sha256:08497ee19eace7b4b5348db5c6a1591d7752b164530a36f855cb0f2bdcbadd48' },
  { kind: 'v0.31.0', version: '1.33.7', digest: 'sha256:d26ef333bdb2cbe9862a0f7c3803ecc7b4303d8cea8e814b481b09949d353040' },
  { kind: 'v0.31.0', version: '1.32.11', digest: 'sha256:5fc52d52a7b9574015299724bd68f183702956aa4a2116ae75a63cb574b35af8' },
  { kind: 'v0.31.0', version: '1.31.14', digest: 'sha256:6f86cf509dbb42767b6e79debc3f2c32e4ee01386f0489b3b2be24b0a55aac2b' },
  // kind v0.29.0
  { kind: 'v0.29.0', version: '1.30.13', digest: 'sha256:397209b3d947d154f6641f2d0ce8d473732bd91c87d9575ade99049aa33cd648' },
  // kind v0.27.0
  { kind: 'v0.27.0', version: '1.29.14', digest: 'sha256:8703bd94ee24e51b778d5556ae310c6c0fa67d761fae6379c8e0bb480e6fea29' },
];

/** The kind release this code and the CI workflow are written against. */
export const DEFAULT_KIND_RELEASE = 'v0.33.0';

/** Minors the kind backend can create, oldest first (1.29–1.37). */
export const KIND_MINORS: readonly string[] = [...new Set(NODE_IMAGES.map((i) => minorOf(i.version)))].sort((a, b) => minorNumber(a) - minorNumber(b));

export function imageRef(i: NodeImage): string {
  return `kindest/node:v${i.version}@${i.digest}`;
}

export interface ImageChoice {
  /** what goes into the kind config's node `image` */
  ref: string;
  /** undefined for a --kind-image override */
  image?: NodeImage;
  /** a note for the user, e.g. the image was built for another kind release */
  note?: string;
}

/**
 * The image for a Kubernetes version. A minor ("1.35"): the image built for `kindRelease` (the
 * kind found installed, or the default) when its notes list one, else the newest image of any
 * release, with a note. A patch release ("1.35.0"): the image of exactly that release.
 */
export function chooseImage(version: string, kindRelease: string = DEFAULT_KIND_RELEASE, override?: string): ImageChoice {
  if (override) {
    return {
      ref: override,
      note: override.includes('@sha256:') ? undefined : `--kind-image ${override} is not pinned by digest; kind recommends image@sha256:... (a tag can point at a build for another kind release)`,
    };
  }
  const minor = minorOf(version);
  const forMinor = NODE_IMAGES.filter((i) => minorOf(i.version) === minor);
  if (!forMinor.length) {
    throw new KscenarioError('USAGE', `kind publishes no kindest/node image for Kubernetes ${minor} that kscenario knows`, undefined,
      `supported on kind: ${KIND_MINORS.join(', ')}; or give an image with --kind-image kindest/node:vX.Y.Z@sha256:...`);
  }
  if (version !== minor) return exactImage(version, forMinor, kindRelease);
  const same = forMinor.find((i) => i.kind === kindRelease);
  if (same) return { ref: imageRef(same), image: same };
  const newest = forMinor.reduce((a, b) => (releaseNumber(b.kind) > releaseNumber(a.kind) ? b : a));
  return {
    ref: imageRef(newest),
    image: newest,
    note: `kind ${kindRelease} publishes no Kubernetes ${minor} image; using ${imageRef(newest)}, built for kind ${newest.kind} (kind supports an image only with its own release, other pairings are best effort)`,
  };
}

/** A pinned patch release runs on the image of that release, whichever kind release built it. */
function exactImage(version: string, forMinor: readonly NodeImage[], kindRelease: string): ImageChoice {
  const image = forMinor.find((i) => i.version === version);
  if (!image) {
    throw new KscenarioError('USAGE', `kind publishes no kindest/node image of Kubernetes ${version} that kscenario knows`, undefined,
      `images of ${minorOf(version)}: ${forMinor.map((i) => `${i.version} (kind ${i.kind})`).join(', ')}; pin one of them, the minor, or give --kind-image`);
  }
  const note = image.kind === kindRelease ? undefined
    : `Kubernetes ${version} runs on ${imageRef(image)}, built for kind ${image.kind} (kind supports an image only with its own release, other pairings are best effort)`;
  return { ref: imageRef(image), image, ...(note ? { note } : {}) };
}

export function minorOf(version: string): string {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  if (!m) throw new Error(`not a Kubernetes version: ${version}`);
  return `${m[1]}.${m[2]}`;
}

function minorNumber(minor: string): number {
  return Number(minor.split('.')[1]);
}

/** "v0.33.0" → 3300, for ordering releases */
function releaseNumber(release: string): number {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(release);
  return m ? Number(m[1]) * 1_000_000 + Number(m[2]) * 1_000 + Number(m[3]) : 0;
}
