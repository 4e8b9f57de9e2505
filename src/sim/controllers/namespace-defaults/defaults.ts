/**
 * What every active namespace of a real cluster holds from the start: the `default`
 * ServiceAccount and the `kube-root-ca.crt` ConfigMap (see per-namespace-object.ts).
 */
import type { KObject } from '../../../kube/object';
import { PerNamespaceObjectController } from './per-namespace-object';

/** serviceaccounts_controller.go: the one account kube-controller-manager ensures (DefaultServiceAccountsControllerOptions). */
export function serviceAccountsController(): PerNamespaceObjectController {
  return new PerNamespaceObjectController({
    kind: 'ServiceAccount',
    name: 'default',
    build: (namespace) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } }),
  });
}

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
// The publisher's annotation text (rootcacertpublisher Description): what a user sees on the object.
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';
/**
 * The simulated cluster's CA bundle. Not a real certificate (nothing in the simulator speaks TLS);
 * PEM-shaped so that a check on the ConfigMap's form sees what a cluster shows.
 */
const SIMULATED_ROOT_CA = '-----BEGIN CERTIFICATE-----\nS1NDRU5BUklPIFNJTVVMQVRFRCBDTFVTVEVSIENBIChub3QgYSByZWFsIGNlcnRpZmljYXRlKQ==\n-----END CERTIFICATE-----\n';

/** publisher.go syncNamespace: create the ConfigMap, or restore its data and annotation. */
export function rootCaCertPublisher(): PerNamespaceObjectController {
  return new PerNamespaceObjectController({
    kind: 'ConfigMap',
    name: ROOT_CA_CONFIGMAP,
    build: (namespace) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } },
      data: { 'ca.crt': SIMULATED_ROOT_CA },
    }),
    repair: (existing) => {
      const data = (existing as KObject & { data?: Record<string, string> }).data ?? {};
      const keys = Object.keys(data);
      const dataOk = keys.length === 1 && data['ca.crt'] === SIMULATED_ROOT_CA;
      if (dataOk && existing.metadata.annotations?.[DESCRIPTION_ANNOTATION]) return undefined;
      const annotations = { ...existing.metadata.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION };
      return { ...existing, metadata: { ...existing.metadata, annotations }, data: { 'ca.crt': SIMULATED_ROOT_CA } };
    },
  });
}
