/**
 * The addons `kubeadm init` applies at its end (phase addon): CoreDNS and kube-proxy.
 *
 * Sources: cmd/kubeadm/app/phases/addons/dns/manifests.go (Deployment `coredns`: replicas 2 —
 * dns.go coreDNSReplicas —, maxUnavailable 1, priorityClassName system-cluster-critical,
 * preferred pod anti-affinity on kubernetes.io/hostname, tolerations CriticalAddonsOnly and the
 * control-plane taint, requests cpu 100m memory 70Mi, limit memory 170Mi, dnsPolicy Default,
 * probes /health on 8080 and /ready on 8181; ConfigMap `coredns` with the Corefile; ServiceAccount
 * `coredns`) and addons/proxy/manifests.go (DaemonSet `kube-proxy`: priorityClassName
 * system-node-critical, hostNetwork, tolerations CriticalAddonsOnly and operator Exists,
 * nodeSelector kubernetes.io/os=linux; ConfigMap `kube-proxy`; ServiceAccount `kube-proxy`).
 * The kube-dns Service is the network component's (src/sim/network/default-services.ts).
 * kind's kube-proxy settings: pkg/cluster/internal/kubeadm/config.go (mode iptables,
 * iptables.minSyncPeriod 1s, conntrack.maxPerCore 0).
 * Left out: RBAC objects (ClusterRoles and bindings), which the simulator does not enforce.
 * unverified: the kube-proxy config.conf is abridged to the fields kind sets and kubeadm
 * derives (kubeadm marshals every defaulted field); kube-proxy's container runs privileged
 * (later releases replaced that by the NET_ADMIN and SYS_MODULE capabilities; the release is not
 * known); the Corefile's `cache` block disables caching of the cluster domain from 1.34.
 */
import type { KObject } from '../../kube/object';
import { atLeast, type KubeVersion } from '../../kube/version';
import { CLUSTER_DOMAIN } from '../network/network-config';
import { kindImages, kubeImage } from './kind-images';
import { POD_SUBNET } from './static-pods';

const CONTROL_PLANE_TAINT_KEY = 'node-role.kubernetes.io/control-plane';
/** kubeadm dns.go coreDNSReplicas */
const COREDNS_REPLICAS = 2;

function serviceAccount(name: string, namespace: string): KObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } };
}

export function coreDnsObjects(v: KubeVersion): KObject[] {
  return [serviceAccount('coredns', 'kube-system'), coreDnsConfigMap(v), coreDnsDeployment(v)];
}

export function kubeProxyObjects(v: KubeVersion, controlPlaneEndpoint: string): KObject[] {
  return [serviceAccount('kube-proxy', 'kube-system'), kubeProxyConfigMap(controlPlaneEndpoint), kubeProxyDaemonSet(v)];
}

function corefile(v: KubeVersion): string {
  const cache = atLeast(v, '1.34')
    ? `    cache 30 {\n       disable success ${CLUSTER_DOMAIN}\n       disable denial ${CLUSTER_DOMAIN}\n    }\n`
    : '    cache 30\n';
  return [
    '.:53 {',
    '    errors',
    '    health {',
    '       lameduck 5s',
    '    }',
    '    ready',
    `    kubernetes ${CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {`,
    '       pods insecure',
    '       fallthrough in-addr.arpa ip6.arpa',
    '       ttl 30',
    '    }',
    '    prometheus :9153',
    '    forward . /etc/resolv.conf {',
    '       max_concurrent 1000',
    '    }',
  ].join('\n') + '\n' + cache + '    loop\n    reload\n    loadbalance\n}\n';
}

function coreDnsConfigMap(v: KubeVersion): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: corefile(v) } };
}

function coreDnsDeployment(v: KubeVersion): KObject {
  const labels = { 'k8s-app': 'kube-dns' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels },
    spec: {
      replicas: COREDNS_REPLICAS,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{
                weight: 100,
                podAffinityTerm: {
                  labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] },
                  topologyKey: 'kubernetes.io/hostname',
                },
              }],
            },
          },
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: CONTROL_PLANE_TAINT_KEY, effect: 'NoSchedule' },
          ],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          containers: [coreDnsContainer(v)],
          dnsPolicy: 'Default',
          volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
        },
      },
    },
  };
}

function coreDnsContainer(v: KubeVersion): Record<string, unknown> {
  return {
    name: 'coredns',
    image: kindImages(v).coredns,
    imagePullPolicy: 'IfNotPresent',
    resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
    args: ['-conf', '/etc/coredns/Corefile'],
    volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
    ports: [
      { containerPort: 53, name: 'dns', protocol: 'UDP' },
      { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
      { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
      { containerPort: 8080, name: 'liveness-probe', protocol: 'TCP' },
      { containerPort: 8181, name: 'readiness-probe', protocol: 'TCP' },
    ],
    livenessProbe: {
      httpGet: { path: '/health', port: 'liveness-probe', scheme: 'HTTP' },
      initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5,
    },
    readinessProbe: { httpGet: { path: '/ready', port: 'readiness-probe', scheme: 'HTTP' } },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    },
  };
}

function kubeProxyConfigMap(controlPlaneEndpoint: string): KObject {
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    '    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
    `    server: https://${controlPlaneEndpoint}`,
    '  name: default',
    'contexts:',
    '- context:',
    '    cluster: default',
    '    namespace: default',
    '    user: default',
    '  name: default',
    'current-context: default',
    'users:',
    '- name: default',
    '  user:',
    '    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token',
  ].join('\n');
  const config = [
    'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
    'bindAddress: 0.0.0.0',
    'clientConnection:',
    '  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf',
    `clusterCIDR: ${POD_SUBNET}`,
    'conntrack:',
    '  maxPerCore: 0',
    'iptables:',
    '  minSyncPeriod: 1s',
    'kind: KubeProxyConfiguration',
    'mode: iptables',
  ].join('\n');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } },
    data: { 'config.conf': config, 'kubeconfig.conf': kubeconfig },
  };
}

function kubeProxyDaemonSet(v: KubeVersion): KObject {
  const labels = { 'k8s-app': 'kube-proxy' };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-node-critical',
          containers: [{
            name: 'kube-proxy',
            image: kubeImage(v, 'kube-proxy'),
            imagePullPolicy: 'IfNotPresent',
            command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
            securityContext: { privileged: true },
            volumeMounts: [
              { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
              { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
              { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
            ],
            env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          }],
          hostNetwork: true,
          serviceAccountName: 'kube-proxy',
          volumes: [
            { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
            { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
            { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
          ],
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { operator: 'Exists' }],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
        },
      },
    },
  };
}
