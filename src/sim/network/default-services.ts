/**
 * The Services every kind cluster has before anything is applied:
 * - default/kubernetes, kept by the kube-apiserver's kubernetes-service controller
 *   (pkg/controlplane/controller/kubernetesservice) at the first address of the range;
 * - kube-system/kube-dns, created once by kubeadm's CoreDNS addon phase
 *   (cmd/kubeadm/app/phases/addons/dns/manifests.go CoreDNSService) at the 10th address.
 * The CoreDNS pods behind kube-dns are not simulated: its EndpointSlice stays empty, and DNS
 * answers come from the simulator's Dns object instead.
 */
import type { KObject } from '../../kube/object';
import { KUBE_DNS_IP, KUBERNETES_SERVICE_IP } from './network-config';

export function kubernetesService(): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: KUBERNETES_SERVICE_IP,
      clusterIPs: [KUBERNETES_SERVICE_IP],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      // the secure port kind's kube-apiserver listens on
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    },
  };
}

export function kubeDnsService(): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP: KUBE_DNS_IP,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
    },
  };
}
