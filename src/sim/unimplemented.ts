/**
 * What the simulator serves but does not act on. A manifest using one of these would be accepted
 * and then behave as if the field were absent — a verdict on behaviour no cluster has — so the
 * runner refuses such a scenario before it runs, naming the field (runner/capabilities.ts).
 *
 * Each entry says from which release the API server keeps the field (before that its feature gate
 * is off and upstream drops it on write, which the simulator's ignoring matches). Pod fields are
 * checked in pods and in every pod template. Everything not listed here that the API serves is
 * implemented or has no effect a scenario can observe; docs/simulator.md says what is modelled.
 */
import type { Unimplemented } from '../kube/unimplemented';
import type { KObject } from '../kube/object';
import { POD_SPEC_AT } from '../kube/pod-spec-paths';
import { atLeast, type KubeVersion } from '../kube/version';
import { dottedPath, presentPaths, valueAt } from '../kube/field-pattern';

interface FieldGap {
  /** path below the pod spec (pod fields) or the object (other kinds); '*' walks a list */
  path: string[];
  /** first release whose API server keeps the field (its gate on by default) */
  servedFrom: string;
  /** what is missing, for the message */
  why: string;
  /** only values this accepts are unimplemented (default: any) */
  when?: (value: unknown) => boolean;
}

const VOLUME_ATTRIBUTES = 'volume attributes classes: VolumeAttributesClass';

const POD_SPEC_GAPS: FieldGap[] = [
  { path: ['resourceClaims'], servedFrom: '1.34', why: 'dynamic resource allocation: DynamicResourceAllocation' },
  { path: ['resources'], servedFrom: '1.34', why: 'pod-level resources: PodLevelResources' },
  { path: ['hostnameOverride'], servedFrom: '1.35', why: 'hostname overrides: HostnameOverride' },
  { path: ['runtimeClassName'], servedFrom: '1.29', why: 'the RuntimeClass admission plugin and runtime handlers' },
  { path: ['securityContext', 'sysctls'], servedFrom: '1.29', why: "the kubelet's sysctl admission" },
  { path: ['containers', '*', 'restartPolicyRules'], servedFrom: '1.35', why: 'container restart rules: ContainerRestartRules' },
  { path: ['initContainers', '*', 'restartPolicyRules'], servedFrom: '1.35', why: 'container restart rules: ContainerRestartRules' },
  { path: ['containers', '*', 'restartPolicy'], servedFrom: '1.35', why: 'per-container restart policies: ContainerRestartRules' },
  {
    path: ['initContainers', '*', 'restartPolicy'],
    servedFrom: '1.35',
    why: 'per-container restart policies: ContainerRestartRules',
    when: (policy) => policy !== 'Always',
  },
  { path: ['containers', '*', 'resources', 'claims'], servedFrom: '1.34', why: 'dynamic resource allocation: DynamicResourceAllocation' },
  { path: ['initContainers', '*', 'resources', 'claims'], servedFrom: '1.34', why: 'dynamic resource allocation: DynamicResourceAllocation' },
  { path: ['volumes', '*', 'image'], servedFrom: '1.35', why: 'image volumes (the kubelet pulling and mounting an OCI image): ImageVolume' },
  { path: ['containers', '*', 'env', '*', 'valueFrom', 'fileKeyRef'], servedFrom: '1.35', why: 'environment variables read from files: EnvFiles' },
  { path: ['initContainers', '*', 'env', '*', 'valueFrom', 'fileKeyRef'], servedFrom: '1.35', why: 'environment variables read from files: EnvFiles' },
  { path: ['volumes', '*', 'ephemeral', 'volumeClaimTemplate', 'spec', 'volumeAttributesClassName'], servedFrom: '1.34', why: VOLUME_ATTRIBUTES },
  // a runtime's recursive read-only mounts (the kubelet reports Enabled in the container's
  // volumeMounts status, or fails the container when the runtime lacks them): not simulated
  ...['containers', 'initContainers'].map((list) => ({
    path: [list, '*', 'volumeMounts', '*', 'recursiveReadOnly'],
    servedFrom: '1.31',
    why: 'recursive read-only mounts: RecursiveReadOnlyMounts',
    when: (mode: unknown) => mode !== 'Disabled',
  })),
  // ClusterTrustBundleProjection and PodCertificateRequest: beta and on in 1.37, dropped before
  { path: ['volumes', '*', 'projected', 'sources', '*', 'clusterTrustBundle'], servedFrom: '1.37', why: 'ClusterTrustBundle projections: ClusterTrustBundleProjection' },
  { path: ['volumes', '*', 'projected', 'sources', '*', 'podCertificate'], servedFrom: '1.37', why: 'pod certificates: PodCertificateRequest' },
  // served in every release: the kubelet clones the repository up to 1.32 and, GitRepoVolumeDriver
  // being off from 1.33, refuses to mount the volume after; the simulator does neither
  { path: ['volumes', '*', 'gitRepo'], servedFrom: '1.29', why: 'gitRepo volumes (cloning up to 1.32, the kubelet refusing them from 1.33: GitRepoVolumeDriver)' },
];

/** Fields of other kinds, by kind (Job's per-index back-off is modelled). */
const OBJECT_GAPS: Partial<Record<string, FieldGap[]>> = {
  // the EndpointSlice controller's hints (forZones, and forNodes for PreferSameNode) are not simulated
  Service: [{ path: ['spec', 'trafficDistribution'], servedFrom: '1.31', why: 'EndpointSlice topology hints: ServiceTrafficDistribution' }],
  // the PV controller's class matching, provisioning and modification with a
  // VolumeAttributesClass (dropped before 1.34)
  PersistentVolumeClaim: [{ path: ['spec', 'volumeAttributesClassName'], servedFrom: '1.34', why: VOLUME_ATTRIBUTES }],
  PersistentVolume: [{ path: ['spec', 'volumeAttributesClassName'], servedFrom: '1.34', why: VOLUME_ATTRIBUTES }],
  StatefulSet: [{ path: ['spec', 'volumeClaimTemplates', '*', 'spec', 'volumeAttributesClassName'], servedFrom: '1.34', why: VOLUME_ATTRIBUTES }],
};

/** Kinds served (so a manifest of them is valid) that no simulated controller acts on. */
const KIND_GAPS: Partial<Record<string, string>> = {
  HorizontalPodAutoscaler: 'the horizontal pod autoscaler and a metrics pipeline',
  ReplicationController: 'the replication controller',
};

export function unimplementedIn(obj: KObject, v: KubeVersion): Unimplemented[] {
  const kindGap = KIND_GAPS[obj.kind];
  if (kindGap) return [{ path: [], field: obj.kind, feature: kindGap }];
  const served = (gaps: FieldGap[]) => gaps.filter((g) => atLeast(v, g.servedFrom));
  const found = served(OBJECT_GAPS[obj.kind] ?? []).flatMap((g) => gapsAt(obj, [], g));
  const podSpec = POD_SPEC_AT[obj.kind];
  if (podSpec) found.push(...served(POD_SPEC_GAPS).flatMap((g) => gapsAt(obj, podSpec, g)));
  return found;
}

/** Where `obj` sets the gap's field (below `prefix`), with a value the gap applies to. */
function gapsAt(obj: KObject, prefix: readonly string[], g: FieldGap): Unimplemented[] {
  return presentPaths(obj, [...prefix, ...g.path])
    .filter((path) => !g.when || g.when(valueAt(obj, path)))
    .map((path) => ({ path, field: dottedPath(path), feature: g.why }));
}
