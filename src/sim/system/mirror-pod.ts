/**
 * What the kubelet makes of a static pod manifest, and the mirror pod it posts for it:
 * - pkg/kubelet/config/common.go applyDefaults: the name gets `-<node name>`, spec.nodeName is
 *   the node, the `kubernetes.io/config.hash` annotation is the pod's hash, and every static pod
 *   from a file tolerates all NoExecute taints (so node problems never evict it);
 * - pkg/kubelet/config/config.go: `kubernetes.io/config.source: file` and
 *   `kubernetes.io/config.seen` (when the kubelet first saw the file);
 * - pkg/kubelet/pod/mirror_client.go CreateMirrorPod: the `kubernetes.io/config.mirror`
 *   annotation carries the hash, and the Node is the controller owner (MirrorPodNodeRestriction).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { MIRROR_ANNOTATION } from '../../kube/pod-state';
import { hex32 } from '../kubelet/ids';

export { isMirrorPod, MIRROR_ANNOTATION } from '../../kube/pod-state';
const HASH_ANNOTATION = 'kubernetes.io/config.hash';

export interface MirrorNode {
  name: string;
  uid: string;
}

/** The mirror pod's name for a static pod of this node (generatePodName: lower-cased node name). */
export function mirrorPodName(component: string, node: string): string {
  return `${component}-${node.toLowerCase()}`;
}

/**
 * The mirror pod of `manifest` on `node`; `seen` is config.seen (see seenTimestamp). The hash
 * stands for the md5 upstream takes of the file: a stable digest of the node and the manifest.
 */
export function mirrorPod(manifest: Pod, node: MirrorNode, seen: string, hash = configHash(manifest, node.name)): Pod {
  const meta = manifest.metadata!;
  return {
    ...manifest,
    metadata: {
      ...meta,
      name: mirrorPodName(meta.name!, node.name),
      annotations: {
        ...meta.annotations,
        [HASH_ANNOTATION]: hash,
        [MIRROR_ANNOTATION]: hash,
        'kubernetes.io/config.seen': seen,
        'kubernetes.io/config.source': 'file',
      },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid, controller: true }],
    },
    spec: {
      ...manifest.spec!,
      nodeName: node.name,
      tolerations: [...(manifest.spec?.tolerations ?? []), { operator: 'Exists', effect: 'NoExecute' }],
    },
  };
}

/** The kubernetes.io/config.hash of a static pod on a node (see mirrorPod). */
export function configHash(manifest: Pod, nodeName: string): string {
  return hex32('static-pod', nodeName, JSON.stringify(manifest));
}

/** config.seen is written with time.RFC3339Nano, which drops trailing zeros of the fraction. */
export function seenTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, (_, f: string) => {
    const digits = f.replace(/0+$/, '');
    return digits ? `.${digits}Z` : 'Z';
  });
}
