/**
 * What kind applies after `kubeadm init` from the manifests in its node image
 * (kubernetes-sigs/kind pkg/build/nodeimage const_cni.go and const_storage.go, applied by
 * pkg/cluster/internal/create/actions/installcni and installstorage):
 * - the default CNI, kindnet: DaemonSet `kindnet` in kube-system (hostNetwork, tolerations
 *   operator Exists, nodeSelector kubernetes.io/os=linux, requests and limits cpu 100m memory
 *   50Mi; priorityClassName system-node-critical from kind v0.30; the NRI socket mount from
 *   v0.28), ServiceAccount `kindnet`; installcni adds the CONTROL_PLANE_ENDPOINT variable;
 * - the default storage: namespace `local-path-storage` with ServiceAccount
 *   `local-path-provisioner-service-account`, ConfigMap `local-path-config` and Deployment
 *   `local-path-provisioner` (1 replica, control-plane tolerations, nodeSelector
 *   kubernetes.io/os=linux; CONFIG_MOUNT_PATH from kind v0.23).
 * The StorageClass `standard` of the same manifest is the scenario's (src/runner/cluster-request.ts),
 * and the local-path provisioner's behaviour is src/sim/controllers/volume's.
 * Left out: RBAC objects, which the simulator does not enforce.
 */
import type { KObject } from '../../kube/object';
import type { KubeVersion } from '../../kube/version';
import { atLeast } from '../../kube/version';
import { kindImages } from './kind-images';
import { POD_SUBNET } from './static-pods';

export const LOCAL_PATH_NAMESPACE = 'local-path-storage';

export function kindnetObjects(v: KubeVersion, controlPlaneEndpoint: string): KObject[] {
  return [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kindnet', namespace: 'kube-system' } }, kindnetDaemonSet(v, controlPlaneEndpoint)];
}

function kindnetDaemonSet(v: KubeVersion, controlPlaneEndpoint: string): KObject {
  const labels = { tier: 'node', app: 'kindnet', 'k8s-app': 'kindnet' };
  const nri = atLeast(v, '1.33');
  const mounts: Array<Record<string, unknown>> = [
    { name: 'cni-cfg', mountPath: '/etc/cni/net.d' },
    { name: 'xtables-lock', mountPath: '/run/xtables.lock', readOnly: false },
    { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
    ...(nri ? [{ name: 'nri-plugin', mountPath: '/var/run/nri' }] : []),
  ];
  const volumes: Array<Record<string, unknown>> = [
    { name: 'cni-cfg', hostPath: { path: '/etc/cni/net.d' } },
    { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
    { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
    ...(nri ? [{ name: 'nri-plugin', hostPath: { path: '/var/run/nri' } }] : []),
  ];
  const resources = { cpu: '100m', memory: '50Mi' };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kindnet', namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: { app: 'kindnet' } },
      template: {
        metadata: { labels },
        spec: {
          hostNetwork: true,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          // kind v0.30 (node images of 1.34 on) gave kindnet a priority class
          ...(atLeast(v, '1.34') ? { priorityClassName: 'system-node-critical' } : {}),
          serviceAccountName: 'kindnet',
          containers: [{
            name: 'kindnet-cni',
            image: kindImages(v).kindnetd,
            env: [
              { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
              { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
              { name: 'POD_SUBNET', value: POD_SUBNET },
              { name: 'CONTROL_PLANE_ENDPOINT', value: controlPlaneEndpoint },
            ],
            volumeMounts: mounts,
            resources: { requests: resources, limits: resources },
            securityContext: { privileged: false, capabilities: { add: ['NET_RAW', 'NET_ADMIN'] } },
          }],
          volumes,
        },
      },
    },
  };
}

export function localPathStorageObjects(v: KubeVersion): KObject[] {
  const ns = LOCAL_PATH_NAMESPACE;
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'local-path-provisioner-service-account', namespace: ns } },
    localPathDeployment(v),
    localPathConfigMap(v),
  ];
}

function localPathDeployment(v: KubeVersion): KObject {
  const images = kindImages(v);
  const labels = { app: 'local-path-provisioner' };
  const env: Array<Record<string, unknown>> = [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }];
  if (atLeast(v, '1.30')) env.push({ name: 'CONFIG_MOUNT_PATH', value: '/etc/config/' });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'local-path-provisioner', namespace: LOCAL_PATH_NAMESPACE },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [
            { key: 'node-role.kubernetes.io/control-plane', operator: 'Equal', effect: 'NoSchedule' },
            { key: 'node-role.kubernetes.io/master', operator: 'Equal', effect: 'NoSchedule' },
          ],
          serviceAccountName: 'local-path-provisioner-service-account',
          containers: [{
            name: 'local-path-provisioner',
            image: images.localPathProvisioner,
            imagePullPolicy: 'IfNotPresent',
            command: ['local-path-provisioner', '--debug', 'start', '--helper-image', images.localPathHelper, '--config', '/etc/config/config.json'],
            volumeMounts: [{ name: 'config-volume', mountPath: '/etc/config/' }],
            env,
          }],
          volumes: [{ name: 'config-volume', configMap: { name: 'local-path-config' } }],
        },
      },
    },
  };
}

function localPathConfigMap(v: KubeVersion): KObject {
  const helper = kindImages(v).localPathHelper;
  const config = [
    '{',
    '        "nodePathMap":[',
    '        {',
    '                "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",',
    '                "paths":["/var/local-path-provisioner"]',
    '        }',
    '        ]',
    '}',
  ].join('\n');
  // kind v0.26 (node images of 1.32 on) made the helper pod critical and tolerate disk pressure
  const critical = atLeast(v, '1.32')
    ? ['  priorityClassName: system-node-critical', '  tolerations:', '    - key: node.kubernetes.io/disk-pressure', '      operator: Exists', '      effect: NoSchedule']
    : [];
  const helperPod = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: helper-pod',
    'spec:',
    ...critical,
    '  containers:',
    '  - name: helper-pod',
    `    image: ${helper}`,
    '    imagePullPolicy: IfNotPresent',
  ].join('\n');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'local-path-config', namespace: LOCAL_PATH_NAMESPACE },
    data: {
      'config.json': config,
      setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"',
      teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"',
      'helperPod.yaml': helperPod,
    },
  };
}
