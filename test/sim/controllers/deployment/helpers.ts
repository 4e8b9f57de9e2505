/** Deployment manifests and edits for the Deployment controller tests (bench: ../replicaset/harness). */
import { clone, type KObject } from '../../../../src/kube/object';
import { DeploymentController } from '../../../../src/sim/controllers/deployment';
import type { KubeVersion } from '../../../../src/kube/version';
import { bench as baseBench, type Bench, type PodK } from '../replicaset/harness';

export type Obj = KObject & { spec: any; status?: any };

export function bench(version: KubeVersion = '1.35'): Bench {
  return baseBench(version, [new DeploymentController()]);
}

export function deployment(name: string, replicas: number, spec: Record<string, unknown> = {}, image = 'nginx:1.25'): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { terminationGracePeriodSeconds: 5, containers: [{ name: 'c', image }] },
      },
      ...spec,
    },
  };
}

export function edit(b: Bench, name: string, change: (spec: any) => void): void {
  const cur = clone(b.get<Obj>('Deployment', name));
  change(cur.spec);
  b.api.update(cur);
}

export function setImage(b: Bench, name: string, image: string): void {
  edit(b, name, (s) => {
    s.template.spec.containers[0].image = image;
  });
}

export function replicaSets(b: Bench): Obj[] {
  return b.api.list<Obj>('ReplicaSet', 'default').sort((x, y) => x.metadata.creationTimestamp!.localeCompare(y.metadata.creationTimestamp!) || x.metadata.name.localeCompare(y.metadata.name));
}

export function rsWithImage(b: Bench, image: string): Obj | undefined {
  return replicaSets(b).find((rs) => rs.spec.template.spec.containers[0].image === image);
}

export function live(b: Bench): PodK[] {
  return b.pods().filter((p) => !p.metadata.deletionTimestamp);
}

export function readyLive(b: Bench, image?: string): PodK[] {
  return live(b).filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
    && (!image || p.spec?.containers[0]?.image === image));
}

export function condition(d: Obj, type: string): Record<string, string> | undefined {
  return d.status?.conditions?.find((c: any) => c.type === type);
}
