import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../src/kube/object';
import { applyDefaults, defaultPullPolicy, dropDisabledFields, generateJobSelector } from '../../src/kube/defaults';
import { validateAppsUpdate } from '../../src/kube/validation/apps';
import { deployment, merge, pod, pv, pvc, service, statefulSet } from '../sim/apiserver/helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const spec = (o: KObject): Json => o.spec as Json;

describe('applyDefaults', () => {
  it('is pure and idempotent', () => {
    const input = pod();
    const snapshot = JSON.stringify(input);
    const once = applyDefaults(input, '1.35');
    expect(JSON.stringify(input)).toBe(snapshot);
    expect(applyDefaults(once, '1.35')).toEqual(once);
  });

  it('fills pod spec, container and probe defaults', () => {
    const p = applyDefaults(
      pod({ spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { port: 80 } }, resources: { limits: { cpu: '1' } } }] } }),
      '1.35',
    );
    const s = spec(p);
    expect(s).toMatchObject({
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      enableServiceLinks: true,
    });
    expect(s.containers[0]).toMatchObject({
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      readinessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      resources: { limits: { cpu: '1' }, requests: { cpu: '1' } },
    });
  });

  it('does not default pod-only fields in workload templates', () => {
    const d = applyDefaults(deployment(), '1.35');
    const t = spec(d).template.spec;
    expect(t.restartPolicy).toBe('Always');
    expect(t.enableServiceLinks).toBeUndefined();
  });

  it('chooses imagePullPolicy by tag', () => {
    expect(defaultPullPolicy('nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx:latest')).toBe('Always');
    expect(defaultPullPolicy('nginx:1.25')).toBe('IfNotPresent');
    expect(defaultPullPolicy('localhost:5000/nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx@sha256:abcd')).toBe('IfNotPresent');
  });

  it('defaults volumes: no source is emptyDir, file modes 420', () => {
    const p = applyDefaults(pod({ spec: { volumes: [{ name: 'a' }, { name: 'b', configMap: { name: 'cm' } }] } }), '1.35');
    expect(spec(p).volumes).toEqual([{ name: 'a', emptyDir: {} }, { name: 'b', configMap: { name: 'cm', defaultMode: 420 } }]);
  });

  it('defaults StatefulSets per version (maxUnavailable only with the gate: 1.35.0-1.35.3, 1.37)', () => {
    const old = spec(applyDefaults(statefulSet(), '1.34'));
    expect(old).toMatchObject({
      replicas: 2,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(old.updateStrategy.rollingUpdate.maxUnavailable).toBeUndefined();
    expect(spec(applyDefaults(statefulSet(), '1.35.0')).updateStrategy.rollingUpdate).toEqual({ partition: 0, maxUnavailable: 1 });
    expect(spec(applyDefaults(statefulSet(), '1.35')).updateStrategy.rollingUpdate).toEqual({ partition: 0 });
    expect(spec(applyDefaults(statefulSet(), '1.37')).updateStrategy.rollingUpdate).toEqual({ partition: 0, maxUnavailable: 1 });
  });

  it('gives an explicit RollingUpdate type no rollingUpdate block, and OnDelete none', () => {
    expect(spec(applyDefaults(statefulSet({ spec: { updateStrategy: { type: 'RollingUpdate' } } }), '1.35')).updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(spec(applyDefaults(statefulSet({ spec: { updateStrategy: { type: 'OnDelete' } } }), '1.35')).updateStrategy).toEqual({ type: 'OnDelete' });
  });

  it('defaults claim templates like claims', () => {
    const s = spec(applyDefaults(statefulSet({ spec: { volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'] } }] } }), '1.35'));
    expect(s.volumeClaimTemplates[0]).toMatchObject({ spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
  });

  it('defaults Deployments, DaemonSets, Jobs and CronJobs', () => {
    expect(spec(applyDefaults(deployment({ spec: { replicas: undefined } }), '1.35'))).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    const ds = applyDefaults({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: {} }, '1.35');
    expect(spec(ds).updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    const job = applyDefaults({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { metadata: { labels: { a: 'b' } } } } }, '1.35');
    expect(spec(job)).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
    expect(job.metadata.labels).toEqual({ a: 'b' });
    const cj = applyDefaults({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *' } }, '1.35');
    expect(spec(cj)).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
  });

  it('defaults storage kinds', () => {
    expect(applyDefaults(pvc(), '1.35')).toMatchObject({ spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
    expect(applyDefaults(pv(), '1.35')).toMatchObject({ spec: { persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem', hostPath: { type: '' } } });
    const sc = applyDefaults({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 's' }, provisioner: 'p' } as KObject, '1.35');
    expect(sc).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
  });

  it('defaults Services, including IP family fields', () => {
    expect(spec(applyDefaults(service(), '1.35'))).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
    const headless = spec(applyDefaults(service({ spec: { clusterIP: 'None' } }), '1.35'));
    expect(headless).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'], ipFamilyPolicy: 'SingleStack' });
    const lb = spec(applyDefaults(service({ spec: { type: 'LoadBalancer' } }), '1.35'));
    expect(lb).toMatchObject({ externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true });
    // ExternallyAccessible counts a ClusterIP Service with externalIPs, so it gets the policy too
    const withExternalIPs = spec(applyDefaults(service({ spec: { externalIPs: ['198.51.100.32'] } }), '1.35'));
    expect(withExternalIPs.externalTrafficPolicy).toBe('Cluster');
    expect(spec(applyDefaults(service({ spec: {} }), '1.35')).externalTrafficPolicy).toBeUndefined();
  });

  it('an EndpointSlice port gets name "" and protocol TCP; an endpoint written without conditions reads back with conditions {} (a struct, always serialised)', () => {
    const slice = applyDefaults({
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's', namespace: 'default' },
      addressType: 'IPv4', ports: [{ port: 80 }],
      endpoints: [{ addresses: ['10.4.5.6'] }, { addresses: ['10.1.2.3'], conditions: { ready: false } }],
    } as KObject, '1.35') as unknown as { ports: unknown[]; endpoints: unknown[] };
    expect(slice.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
    expect(slice.endpoints).toEqual([{ addresses: ['10.4.5.6'], conditions: {} }, { addresses: ['10.1.2.3'], conditions: { ready: false } }]);
  });

  it('labels namespaces with their name', () => {
    const ns = applyDefaults({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } }, '1.35');
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team' });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
  });
});

describe('dropDisabledFields', () => {
  const withMaxUnavailable: KObject = merge(statefulSet(), { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } } });

  it('drops maxUnavailable while the gate is off unless the stored object uses it', () => {
    expect(spec(dropDisabledFields(withMaxUnavailable, undefined, '1.34')).updateStrategy.rollingUpdate).toEqual({});
    expect(dropDisabledFields(withMaxUnavailable, withMaxUnavailable, '1.34')).toBe(withMaxUnavailable);
    expect(dropDisabledFields(withMaxUnavailable, undefined, '1.35.0')).toBe(withMaxUnavailable);
    expect(spec(dropDisabledFields(withMaxUnavailable, undefined, '1.35')).updateStrategy.rollingUpdate).toEqual({});
  });

  it('follows the gate per minor: off again in 1.36, on in 1.37 (kube_features.go of v1.36.3, v1.37.2)', () => {
    expect(spec(dropDisabledFields(withMaxUnavailable, undefined, '1.36')).updateStrategy.rollingUpdate).toEqual({});
    expect(dropDisabledFields(withMaxUnavailable, undefined, '1.37')).toBe(withMaxUnavailable);
  });

  it('keeps a stored maxUnavailable while the gate is off, so the tutorial\'s 0 still meets validation (maxUnavailableInUse)', () => {
    const zero: KObject = merge(statefulSet(), { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } } });
    const kept = dropDisabledFields(zero, withMaxUnavailable, '1.36');
    expect(spec(kept).updateStrategy.rollingUpdate).toEqual({ maxUnavailable: 0 });
    const errors = validateAppsUpdate(kept as never, withMaxUnavailable as never, '1.36') ?? [];
    expect(errors.map((e) => `${e.field}: ${e.detail}`)).toContain('spec.updateStrategy.rollingUpdate.maxUnavailable: cannot be 0');
    expect(spec(dropDisabledFields(zero, undefined, '1.36')).updateStrategy.rollingUpdate).toEqual({});
  });
});

describe('generateJobSelector', () => {
  it('labels the template and selects on the controller uid', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', uid: 'u-1' }, spec: { template: { metadata: { labels: { a: 'b' } } } } } as KObject;
    const out = generateJobSelector(job);
    expect(job.spec).toEqual({ template: { metadata: { labels: { a: 'b' } } } });
    expect(spec(out).selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    expect(spec(out).template.metadata.labels).toEqual({
      a: 'b',
      'batch.kubernetes.io/controller-uid': 'u-1',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-1',
      'job-name': 'pi',
    });
  });
});
