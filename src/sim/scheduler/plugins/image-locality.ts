/**
 * ImageLocality (plugins/imagelocality): nodes already holding the pod's images score higher, each
 * image's size scaled by the share of nodes that have it (to avoid piling pods onto the one node
 * with a rare image), clamped between 23MB and 1000MB per container.
 */
import { IMAGE_MAX_CONTAINER_THRESHOLD, IMAGE_MIN_THRESHOLD, MAX_NODE_SCORE } from '../constants';
import type { ScorePlugin } from '../framework';
import type { NodeInfo } from '../node-info';

export const IMAGE_LOCALITY = 'ImageLocality';

/** normalizedImageName: an image without tag or digest means ":latest". */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

export const imageLocalityScore: ScorePlugin = {
  name: IMAGE_LOCALITY,
  weight: 1,
  preScore(ctx) {
    // Without images on any node every score is the same 0; skipping changes no ranking.
    if (!ctx.cache.anyImages) return 'skip';
    const spec = ctx.pod.pod.spec;
    const images = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => normalizedImageName(c.image ?? ''));
    const total = ctx.allNodes.length;
    const maxThreshold = IMAGE_MAX_CONTAINER_THRESHOLD * images.length;
    return {
      scoreAll(nodes, out) {
        for (let i = 0; i < nodes.length; i++) out[i] = score(nodes[i]!);
        function score(node: NodeInfo): number {
          let sum = 0;
          for (const img of images) {
            const size = node.images.get(img);
            if (size !== undefined) sum += Math.trunc(size * (ctx.cache.nodesWithImage(img) / total));
          }
          const clamped = Math.min(Math.max(sum, IMAGE_MIN_THRESHOLD), maxThreshold);
          return Math.trunc((MAX_NODE_SCORE * (clamped - IMAGE_MIN_THRESHOLD)) / (maxThreshold - IMAGE_MIN_THRESHOLD));
        }
      },
    };
  },
};
