/**
 * A kubeconfig for the served cluster: one cluster, user and context named `kscenario`, plain
 * HTTP on the loopback address (kubectl accepts an http:// server and then sends no credentials;
 * the user entry is empty). `insecure-skip-tls-verify: true` says there is no TLS to verify:
 * kubectl ignores it for http://, and @kubernetes/client-node refuses an http:// server without it.
 */
import { stringify } from 'yaml';

export const KUBECONFIG_NAME = 'kscenario';

export function kubeconfigYaml(url: string, name = KUBECONFIG_NAME): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name, user: {} }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  });
}
