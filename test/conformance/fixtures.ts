/**
 * The objects the conformance suite writes. Pods run `pause` (nothing to pull worth mentioning,
 * exits at once on SIGTERM) with a 1 s grace period, so deletions finish quickly on a real cluster
 * too; the pod-I/O test needs a shell in the container and runs nginx.
 */
import type { KObject } from '../../src/kube/object';
import { NS } from './harness';

export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
export const SHELL_IMAGE = 'nginx:1.27';

export function configMap(name: string, data: Record<string, string>, namespace = NS): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

export function podSpec(image = PAUSE_IMAGE): Record<string, unknown> {
  return { terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image }] };
}

export function pod(name: string, labels: Record<string, string> = {}, spec: Record<string, unknown> = podSpec()): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, labels }, spec };
}

export function replicaSet(name: string, replicas: number): KObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: NS },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec() } },
  };
}

/** A Deployment with two containers (for strategic merge by name); no replicas, so no pods. */
export function deployment(name: string, replicas = 0): KObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, labels: { app: name, tier: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [
            { name: 'app', image: PAUSE_IMAGE },
            { name: 'sidecar', image: 'registry.k8s.io/pause:3.9' },
          ],
        },
      },
    },
  };
}

export function service(name: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  };
}

export function pdb(name: string, matchLabels: Record<string, string>, minAvailable: number): KObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: NS },
    spec: { minAvailable, selector: { matchLabels } },
  };
}

export function clusterRole(name: string): KObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
  };
}
