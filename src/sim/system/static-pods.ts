/**
 * The control plane's static pods as `kubeadm init` writes them to /etc/kubernetes/manifests on a
 * kind control-plane node: etcd, kube-apiserver, kube-controller-manager, kube-scheduler.
 *
 * Sources: cmd/kubeadm/app/util/staticpod/utils.go ComponentPod (labels component/tier,
 * priorityClassName system-node-critical with priority 2000001000, hostNetwork, seccomp
 * RuntimeDefault) and LivenessProbe/ReadinessProbe/StartupProbe (10/15/8/10, 0/15/3/1 and
 * 10/15/24/10 for the 4 min ControlPlaneComponentHealthCheckTimeout);
 * cmd/kubeadm/app/phases/controlplane/manifests.go (cpu requests 250m, 200m, 100m);
 * cmd/kubeadm/app/phases/etcd/local.go GetEtcdPodSpec (cpu 100m, memory 100Mi);
 * kind pkg/cluster/internal/kubeadm/config.go (runtime-config "", enable-hostpath-provisioner).
 * unverified: the exact flag lists per release (the flags kubeadm's defaults give for 1.29–1.35
 * are written out; none of them changes what the simulator does) and the switch of etcd's probes
 * from /health to /livez and /readyz (taken as 1.31, kubeadm issue 3039).
 */
import type { Container, Pod, Probe, Volume, VolumeMount } from 'kubernetes-types/core/v1';
import { atLeast, type KubeVersion } from '../../kube/version';
import { SERVICE_CIDR } from '../network/network-config';
import { kindImages, kubeImage } from './kind-images';

/** The control-plane node a kubeadm init ran on. */
export interface ControlPlaneHost {
  name: string;
  internalIP: string;
}

/** kind's default networking.podSubnet (pkg/apis/config/v1alpha4/default.go). */
export const POD_SUBNET = '10.244.0.0/16';
const API_PORT = 6443;
const PKI = '/etc/kubernetes/pki';
/** system-node-critical (pkg/apis/scheduling SystemCriticalPriority + 1000) */
const NODE_CRITICAL_PRIORITY = 2000001000;

export const STATIC_POD_COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;

export function kubeadmStaticPods(host: ControlPlaneHost, v: KubeVersion): Pod[] {
  return [etcdPod(host, v), apiServerPod(host, v), controllerManagerPod(v), schedulerPod(v)];
}

function componentPod(container: Container, volumes: Volume[], annotations?: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: container.name,
      namespace: 'kube-system',
      labels: { component: container.name, tier: 'control-plane' },
      ...(annotations ? { annotations } : {}),
    },
    spec: {
      containers: [{ imagePullPolicy: 'IfNotPresent', ...container }],
      hostNetwork: true,
      priority: NODE_CRITICAL_PRIORITY,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      volumes,
    },
  };
}

function httpProbe(host: string, path: string, port: number, scheme: 'HTTP' | 'HTTPS', timing: [number, number, number, number]): Probe {
  const [initialDelaySeconds, timeoutSeconds, failureThreshold, periodSeconds] = timing;
  return { httpGet: { host, path, port, scheme }, initialDelaySeconds, timeoutSeconds, failureThreshold, periodSeconds };
}

const LIVENESS: [number, number, number, number] = [10, 15, 8, 10];
const READINESS: [number, number, number, number] = [0, 15, 3, 1];
const STARTUP: [number, number, number, number] = [10, 15, 24, 10];

function hostPath(name: string, path: string, type: string): Volume {
  return { name, hostPath: { path, type } };
}

function mount(name: string, mountPath: string, readOnly = true): VolumeMount {
  return readOnly ? { name, mountPath, readOnly } : { name, mountPath };
}

/** The CA bundles every control-plane component mounts read-only (kubeadm getHostPathVolumesForTheControlPlane). */
function caVolumes(): { volumes: Volume[]; mounts: VolumeMount[] } {
  const dirs: Array<[string, string]> = [
    ['ca-certs', '/etc/ssl/certs'],
    ['etc-ca-certificates', '/etc/ca-certificates'],
    ['k8s-certs', PKI],
    ['usr-local-share-ca-certificates', '/usr/local/share/ca-certificates'],
    ['usr-share-ca-certificates', '/usr/share/ca-certificates'],
  ];
  return {
    volumes: dirs.map(([name, path]) => hostPath(name, path, 'DirectoryOrCreate')),
    mounts: dirs.map(([name, path]) => mount(name, path)),
  };
}

function flags(binary: string, args: Record<string, string>): string[] {
  return [binary, ...Object.keys(args).sort().map((k) => `--${k}=${args[k]}`)];
}

function etcdPod(host: ControlPlaneHost, v: KubeVersion): Pod {
  const client = `https://${host.internalIP}:2379`;
  const peer = `https://${host.internalIP}:2380`;
  const probes: Partial<Container> = atLeast(v, '1.31')
    ? {
        livenessProbe: httpProbe('127.0.0.1', '/livez', 2381, 'HTTP', LIVENESS),
        readinessProbe: httpProbe('127.0.0.1', '/readyz', 2381, 'HTTP', READINESS),
        startupProbe: httpProbe('127.0.0.1', '/readyz', 2381, 'HTTP', STARTUP),
      }
    : {
        livenessProbe: httpProbe('127.0.0.1', '/health?exclude=NOSPACE&serializable=true', 2381, 'HTTP', LIVENESS),
        startupProbe: httpProbe('127.0.0.1', '/health?serializable=false', 2381, 'HTTP', STARTUP),
      };
  return componentPod(
    {
      name: 'etcd',
      image: kindImages(v).etcd,
      command: flags('etcd', {
        'advertise-client-urls': client,
        'cert-file': `${PKI}/etcd/server.crt`,
        'client-cert-auth': 'true',
        'data-dir': '/var/lib/etcd',
        ...etcdGateFlags(v),
        'initial-advertise-peer-urls': peer,
        'initial-cluster': `${host.name}=${peer}`,
        'key-file': `${PKI}/etcd/server.key`,
        'listen-client-urls': `https://127.0.0.1:2379,${client}`,
        'listen-metrics-urls': 'http://127.0.0.1:2381',
        'listen-peer-urls': peer,
        name: host.name,
        'peer-cert-file': `${PKI}/etcd/peer.crt`,
        'peer-client-cert-auth': 'true',
        'peer-key-file': `${PKI}/etcd/peer.key`,
        'peer-trusted-ca-file': `${PKI}/etcd/ca.crt`,
        'snapshot-count': '10000',
        'trusted-ca-file': `${PKI}/etcd/ca.crt`,
      }),
      resources: { requests: { cpu: '100m', memory: '100Mi' } },
      volumeMounts: [mount('etcd-data', '/var/lib/etcd', false), mount('etcd-certs', `${PKI}/etcd`, false)],
      ...probes,
    },
    [hostPath('etcd-certs', `${PKI}/etcd`, 'DirectoryOrCreate'), hostPath('etcd-data', '/var/lib/etcd', 'DirectoryOrCreate')],
    { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': client },
  );
}

/** etcd 3.6 (kubeadm 1.34+) turned the experimental flags into a feature gate and a plain flag. */
function etcdGateFlags(v: KubeVersion): Record<string, string> {
  return atLeast(v, '1.34')
    ? { 'feature-gates': 'InitialCorruptCheck=true', 'watch-progress-notify-interval': '5s' }
    : { 'experimental-initial-corrupt-check': 'true', 'experimental-watch-progress-notify-interval': '5s' };
}

function apiServerPod(host: ControlPlaneHost, v: KubeVersion): Pod {
  const ca = caVolumes();
  const endpoint = `${host.internalIP}:${API_PORT}`;
  return componentPod(
    {
      name: 'kube-apiserver',
      image: kubeImage(v, 'kube-apiserver'),
      command: flags('kube-apiserver', {
        'advertise-address': host.internalIP,
        'allow-privileged': 'true',
        'authorization-mode': 'Node,RBAC',
        'client-ca-file': `${PKI}/ca.crt`,
        'enable-admission-plugins': 'NodeRestriction',
        'enable-bootstrap-token-auth': 'true',
        'etcd-cafile': `${PKI}/etcd/ca.crt`,
        'etcd-certfile': `${PKI}/apiserver-etcd-client.crt`,
        'etcd-keyfile': `${PKI}/apiserver-etcd-client.key`,
        'etcd-servers': 'https://127.0.0.1:2379',
        'kubelet-client-certificate': `${PKI}/apiserver-kubelet-client.crt`,
        'kubelet-client-key': `${PKI}/apiserver-kubelet-client.key`,
        'kubelet-preferred-address-types': 'InternalIP,ExternalIP,Hostname',
        'proxy-client-cert-file': `${PKI}/front-proxy-client.crt`,
        'proxy-client-key-file': `${PKI}/front-proxy-client.key`,
        'requestheader-allowed-names': 'front-proxy-client',
        'requestheader-client-ca-file': `${PKI}/front-proxy-ca.crt`,
        'requestheader-extra-headers-prefix': 'X-Remote-Extra-',
        'requestheader-group-headers': 'X-Remote-Group',
        'requestheader-username-headers': 'X-Remote-User',
        'runtime-config': '',
        'secure-port': String(API_PORT),
        'service-account-issuer': 'https://kubernetes.default.svc.cluster.local',
        'service-account-key-file': `${PKI}/sa.pub`,
        'service-account-signing-key-file': `${PKI}/sa.key`,
        'service-cluster-ip-range': SERVICE_CIDR.text,
        'tls-cert-file': `${PKI}/apiserver.crt`,
        'tls-private-key-file': `${PKI}/apiserver.key`,
      }),
      resources: { requests: { cpu: '250m' } },
      volumeMounts: ca.mounts,
      livenessProbe: httpProbe(host.internalIP, '/livez', API_PORT, 'HTTPS', LIVENESS),
      readinessProbe: httpProbe(host.internalIP, '/readyz', API_PORT, 'HTTPS', READINESS),
      startupProbe: httpProbe(host.internalIP, '/livez', API_PORT, 'HTTPS', STARTUP),
    },
    ca.volumes,
    { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': endpoint },
  );
}

function controllerManagerPod(v: KubeVersion): Pod {
  const ca = caVolumes();
  return componentPod(
    {
      name: 'kube-controller-manager',
      image: kubeImage(v, 'kube-controller-manager'),
      command: flags('kube-controller-manager', {
        'allocate-node-cidrs': 'true',
        'authentication-kubeconfig': '/etc/kubernetes/controller-manager.conf',
        'authorization-kubeconfig': '/etc/kubernetes/controller-manager.conf',
        'bind-address': '127.0.0.1',
        'client-ca-file': `${PKI}/ca.crt`,
        'cluster-cidr': POD_SUBNET,
        'cluster-name': 'kind',
        'cluster-signing-cert-file': `${PKI}/ca.crt`,
        'cluster-signing-key-file': `${PKI}/ca.key`,
        controllers: '*,bootstrapsigner,tokencleaner',
        'enable-hostpath-provisioner': 'true',
        kubeconfig: '/etc/kubernetes/controller-manager.conf',
        'leader-elect': 'true',
        'requestheader-client-ca-file': `${PKI}/front-proxy-ca.crt`,
        'root-ca-file': `${PKI}/ca.crt`,
        'service-account-private-key-file': `${PKI}/sa.key`,
        'service-cluster-ip-range': SERVICE_CIDR.text,
        'use-service-account-credentials': 'true',
      }),
      resources: { requests: { cpu: '200m' } },
      volumeMounts: [
        ...ca.mounts,
        mount('flexvolume-dir', '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', false),
        mount('kubeconfig', '/etc/kubernetes/controller-manager.conf'),
      ],
      livenessProbe: httpProbe('127.0.0.1', '/healthz', 10257, 'HTTPS', LIVENESS),
      startupProbe: httpProbe('127.0.0.1', '/healthz', 10257, 'HTTPS', STARTUP),
    },
    [
      ...ca.volumes,
      hostPath('flexvolume-dir', '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', 'DirectoryOrCreate'),
      hostPath('kubeconfig', '/etc/kubernetes/controller-manager.conf', 'FileOrCreate'),
    ],
  );
}

function schedulerPod(v: KubeVersion): Pod {
  return componentPod(
    {
      name: 'kube-scheduler',
      image: kubeImage(v, 'kube-scheduler'),
      command: flags('kube-scheduler', {
        'authentication-kubeconfig': '/etc/kubernetes/scheduler.conf',
        'authorization-kubeconfig': '/etc/kubernetes/scheduler.conf',
        'bind-address': '127.0.0.1',
        kubeconfig: '/etc/kubernetes/scheduler.conf',
        'leader-elect': 'true',
      }),
      resources: { requests: { cpu: '100m' } },
      volumeMounts: [mount('kubeconfig', '/etc/kubernetes/scheduler.conf')],
      livenessProbe: httpProbe('127.0.0.1', '/healthz', 10259, 'HTTPS', LIVENESS),
      startupProbe: httpProbe('127.0.0.1', '/healthz', 10259, 'HTTPS', STARTUP),
    },
    [hostPath('kubeconfig', '/etc/kubernetes/scheduler.conf', 'FileOrCreate')],
  );
}
