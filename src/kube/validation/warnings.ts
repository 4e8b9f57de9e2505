/**
 * Warnings the API server returns on create (kubectl prints them as "Warning: <text>"): the
 * registry strategies' WarningsOnCreate (pkg/api/persistentvolume/util.go,
 * pkg/api/persistentvolumeclaim/util.go, pkg/api/pod/warnings.go). Only the ones the scenarios'
 * manifests can trigger are emulated: deprecated storage-class annotation, Recycle, deprecated
 * volume plugins and deprecated node labels in pod scheduling constraints.
 */
import type { KObject } from '../object';
import { atLeast, DEFAULT_VERSION, type KubeVersion } from '../version';
import { obj, objs, str, strMap, type Obj } from './access';

const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** Node labels replaced by GA ones (pkg/api/node: deprecatedLabels). */
const DEPRECATED_NODE_LABELS: Record<string, string> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region': 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone': 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type': 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
};

/** Volume plugins removed from Kubernetes (PV warnings). */
const DEPRECATED_PV_SOURCES: Record<string, string> = {
  cephfs: 'deprecated in v1.28, non-functional in v1.31+',
  photonPersistentDisk: 'deprecated in v1.11, non-functional in v1.16+',
  rbd: 'deprecated in v1.28, non-functional in v1.31+',
  scaleIO: 'deprecated in v1.16, non-functional in v1.22+',
  storageos: 'deprecated in v1.22, non-functional in v1.25+',
  glusterfs: 'deprecated in v1.25, non-functional in v1.26+',
};

function betaClassWarning(o: Obj): string[] {
  const annotations = strMap(obj(o.metadata).annotations) ?? {};
  return BETA_CLASS in annotations ? [`metadata.annotations[${BETA_CLASS}]: deprecated since v1.8; use "storageClassName" attribute instead`] : [];
}

/**
 * The Recycle warning came with kubernetes#122339 (merged 2023-12-29, after 1.29.0 was cut; first
 * released in 1.30.0): a 1.29 API server accepts a Recycle PV silently.
 */
function warnsOnRecycle(v: KubeVersion): boolean {
  return atLeast(v, '1.30');
}

function pvWarnings(o: Obj, v: KubeVersion): string[] {
  const spec = obj(o.spec);
  const out = betaClassWarning(o);
  for (const [source, text] of Object.entries(DEPRECATED_PV_SOURCES)) {
    // upstream prints storageOS with a capital S in this path (sic)
    if (spec[source] !== undefined) out.push(`spec.${source === 'storageos' ? 'storageOS' : source}: ${text}`);
  }
  if (spec.persistentVolumeReclaimPolicy === 'Recycle' && warnsOnRecycle(v)) {
    out.push('spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.');
  }
  return out;
}

function nodeLabelWarnings(podSpec: Obj, path: string): string[] {
  const out: string[] = [];
  for (const key of Object.keys(obj(podSpec.nodeSelector)).sort()) {
    if (DEPRECATED_NODE_LABELS[key]) out.push(`${path}.nodeSelector[${key}]: ${DEPRECATED_NODE_LABELS[key]}`);
  }
  const terms = objs(obj(obj(obj(podSpec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms);
  terms.forEach((t, i) => {
    objs(t.matchExpressions).forEach((e, j) => {
      const text = DEPRECATED_NODE_LABELS[str(e.key)];
      if (text) {
        out.push(`${path}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}].matchExpressions[${j}].key: ${str(e.key)} is ${text}`);
      }
    });
  });
  return out;
}

/** The pod spec a kind carries, with the path upstream prints for it. */
function podSpecOf(o: Obj): [Obj, string] | undefined {
  const spec = obj(o.spec);
  switch (o.kind) {
    case 'Pod':
      return [spec, 'spec'];
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return [obj(obj(spec.template).spec), 'spec.template.spec'];
    case 'CronJob':
      return [obj(obj(obj(obj(spec.jobTemplate).spec).template).spec), 'spec.jobTemplate.spec.template.spec'];
    default:
      return undefined;
  }
}

/**
 * pkg/api/service/warnings.go: from 1.36 (kubernetes#137293, KEP-5707) setting spec.externalIPs
 * on a Service that is neither headless nor ExternalName draws a deprecation warning. The other
 * Service warnings (IP/CIDR forms, fields ignored for headless or ExternalName services) are not
 * emulated at any version.
 */
function serviceWarnings(o: Obj, v: KubeVersion): string[] {
  const spec = obj(o.spec);
  const type = str(spec.type) || 'ClusterIP';
  const headless = type === 'ClusterIP' && spec.clusterIP === 'None';
  const externalIPs = Array.isArray(spec.externalIPs) ? spec.externalIPs : [];
  if (atLeast(v, '1.36') && externalIPs.length > 0 && !headless && type !== 'ExternalName') {
    return ['spec.externalIPs is deprecated and may no longer be implemented in some clusters'];
  }
  return [];
}

/**
 * The statefulset strategy's WarningsOnCreate/WarningsOnUpdate: a negative revisionHistoryLimit is
 * accepted with a warning (kubernetes#129017, which began as a validation rule; in the v1.35.4
 * source, unverified for 1.33 and 1.34, where the PR landed).
 */
function statefulSetWarnings(o: Obj, v: KubeVersion): string[] {
  const limit = obj(o.spec).revisionHistoryLimit;
  return atLeast(v, '1.33') && typeof limit === 'number' && limit < 0
    ? ['spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended']
    : [];
}

export function warningsOnCreate(o: KObject, v: KubeVersion = DEFAULT_VERSION): string[] {
  const object = o as unknown as Obj;
  if (o.kind === 'Service') return serviceWarnings(object, v);
  if (o.kind === 'PersistentVolume') return pvWarnings(object, v);
  if (o.kind === 'PersistentVolumeClaim') return betaClassWarning(object);
  const pod = podSpecOf(object);
  const podWarnings = pod ? nodeLabelWarnings(...pod) : [];
  return o.kind === 'StatefulSet' ? [...podWarnings, ...statefulSetWarnings(object, v)] : podWarnings;
}
