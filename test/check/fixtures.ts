/** Realistic Kubernetes objects as plain JSON (what the API server returns), for check tests. */
import type { HistoryEntry, ObjectChange } from '../../src/history/entry';
import { Matcher, type MatcherKind } from '../../src/check/matchers';
import type { KObject } from '../../src/kube/object';

/** `tag('gte', 2)` is what the loader makes of `!gte 2`. */
export function tag(kind: MatcherKind, arg: unknown = null): Matcher {
  return new Matcher(kind, arg);
}

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  image?: string;
  node?: string;
  phase?: string;
  ready?: 'True' | 'False' | 'Unknown';
  deleting?: boolean;
  memory?: string;
}

export function pod(name: string, o: PodOptions = {}): KObject {
  const conditions: Array<Record<string, unknown>> = [];
  if (o.node) conditions.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' });
  if (o.ready) {
    conditions.push({ type: 'Initialized', status: 'True' });
    conditions.push({ type: 'Ready', status: o.ready, ...(o.ready === 'True' ? {} : { reason: 'ContainersNotReady' }) });
    conditions.push({ type: 'ContainersReady', status: o.ready });
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: `uid-${name}`,
      labels: o.labels ?? { app: 'nginx' },
      ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:01:00Z', deletionGracePeriodSeconds: 30 } : {}),
    },
    spec: {
      ...(o.node ? { nodeName: o.node } : {}),
      containers: [
        {
          name: 'nginx',
          image: o.image ?? 'nginx:1.16.1',
          ports: [{ name: 'web', containerPort: 80, protocol: 'TCP' }],
          resources: { requests: { cpu: '500m', memory: o.memory ?? '1Gi' } },
          volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
        },
        { name: 'sidecar', image: 'busybox:1.36', args: ['sleep', '3600'] },
      ],
      volumes: [{ name: 'www', persistentVolumeClaim: { claimName: `www-${name}` } }],
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: {
      phase: o.phase ?? (o.node ? 'Running' : 'Pending'),
      conditions,
      ...(o.node ? { podIP: '10.244.1.5', hostIP: '172.18.0.3' } : {}),
    },
  };
}

export function pvc(name: string, phase: string, o: { namespace?: string; storage?: string; volume?: string } = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: o.namespace ?? 'default', labels: { app: 'nginx' }, finalizers: ['kubernetes.io/pvc-protection'] },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: o.storage ?? '1Gi' } }, storageClassName: 'standard', ...(o.volume ? { volumeName: o.volume } : {}) },
    status: phase === 'Bound' ? { phase, accessModes: ['ReadWriteOnce'], capacity: { storage: o.storage ?? '1Gi' } } : { phase },
  };
}

export function pv(name: string, phase: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: { capacity: { storage: '3Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain' },
    status: { phase },
  };
}

export function statefulSet(name: string, replicas: number, ready: number, partition = 0): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default', generation: 2, labels: { app: name } },
    spec: {
      replicas,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.16.1', ports: [{ name: 'web', containerPort: 80 }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
    status: { observedGeneration: 2, replicas, readyReplicas: ready, currentReplicas: replicas, updatedReplicas: replicas, availableReplicas: ready },
  };
}

export function node(name: string, ready: 'True' | 'False' | 'Unknown'): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready, reason: ready === 'True' ? 'KubeletReady' : 'NodeStatusUnknown' }] },
  };
}

/** Builds a history: changes of objects and step markers, in order. */
export class HistoryBuilder {
  readonly entries: HistoryEntry[] = [];
  private readonly known = new Set<string>();

  /** ADDED the first time an object is seen, MODIFIED afterwards. */
  put(t: number, object: KObject): this {
    const key = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    const type = this.known.has(key) ? 'MODIFIED' : 'ADDED';
    this.known.add(key);
    this.entries.push(change(t, type, object));
    return this;
  }

  remove(t: number, object: KObject): this {
    this.known.delete(`${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`);
    this.entries.push(change(t, 'DELETED', object));
    return this;
  }

  step(t: number, type: 'STEP_START' | 'STEP_END', step: string): this {
    this.entries.push({ t, type, step });
    return this;
  }

  /** Orders entries built out of time order (a stable sort keeps same-time entries in call order). */
  sortByTime(): this {
    this.entries.sort((a, b) => a.t - b.t);
    return this;
  }

  /** Index of a step marker, as the runner resolves windows. */
  indexOf(type: 'STEP_START' | 'STEP_END', step: string): number {
    return this.entries.findIndex((e) => e.type === type && 'step' in e && e.step === step);
  }

  get whole(): { from: number; to: number } {
    return { from: 0, to: this.entries.length };
  }
}

function change(t: number, type: ObjectChange['type'], object: KObject): ObjectChange {
  return { t, type, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name, object };
}
