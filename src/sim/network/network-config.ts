/**
 * The network settings of the simulated cluster: those of a default kind cluster (kind
 * pkg/apis/config/v1alpha4/default.go: serviceSubnet 10.96.0.0/16; kubeadm: cluster domain
 * cluster.local, kube-dns at the 10th address of the service subnet) and the kube-apiserver's
 * default --service-node-port-range.
 */
import { nthAddress, parseCidr } from './ip';

export const SERVICE_CIDR = parseCidr('10.96.0.0/16');
export const CLUSTER_DOMAIN = 'cluster.local';

/** kube-apiserver --service-node-port-range default, inclusive at both ends. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** The `kubernetes` Service takes the first address of the range (controlplane ServiceIPRange). */
export const KUBERNETES_SERVICE_IP = nthAddress(SERVICE_CIDR, 1);

/** kubeadm GetDNSIP: the 10th address of the service subnet (10.96.0.10 on kind). */
export const KUBE_DNS_IP = nthAddress(SERVICE_CIDR, 10);

/** Search list a ClusterFirst pod gets in its resolv.conf (kubelet pkg/kubelet/network/dns). */
export function podSearchPath(namespace: string, domain = CLUSTER_DOMAIN): string[] {
  return [`${namespace}.svc.${domain}`, `svc.${domain}`, domain];
}

/** `options ndots:5` in every ClusterFirst pod's resolv.conf. */
export const POD_NDOTS = 5;
