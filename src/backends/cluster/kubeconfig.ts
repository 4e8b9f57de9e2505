/**
 * The kubeconfig the cluster backend talks through: --kubeconfig FILE or kubectl's defaults
 * (KUBECONFIG, ~/.kube/config, in-cluster), --context NAME or the current context; and the
 * kubeconfig a `kubectl` step gets (same cluster and user, the scenario's namespace as default).
 */
import type * as K8s from '@kubernetes/client-node';
import { KscenarioError } from '../../errors';
import { clientNode } from './client-node';

export interface KubeconfigOptions {
  /** path of a kubeconfig file; kubectl's defaults when omitted */
  kubeconfig?: string;
  /** context to use; the kubeconfig's current context when omitted */
  context?: string;
}

export function loadKubeConfig(opts: KubeconfigOptions): K8s.KubeConfig {
  const k8s = clientNode();
  const kc = new k8s.KubeConfig();
  const where = opts.kubeconfig ?? 'the default kubeconfig (KUBECONFIG or ~/.kube/config)';
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    throw new KscenarioError('BACKEND', `cannot read ${where}: ${(err as Error).message}`, undefined, 'pass a readable kubeconfig with --kubeconfig FILE');
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KscenarioError('BACKEND', `the kubeconfig ${where} has no context '${opts.context}'`, undefined,
        known.length ? `its contexts: ${known.join(', ')}` : 'it defines no context');
    }
    kc.setCurrentContext(opts.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new KscenarioError('BACKEND', `${where} has no current context with a cluster`, undefined, 'name one with --context NAME');
  }
  return plainHttpAllowed(k8s, kc, cluster);
}

/**
 * client-node refuses an `http://` server unless insecure-skip-tls-verify is set, where kubectl
 * just connects (there is no TLS to verify). The flag means nothing without TLS, so it is set on
 * such a cluster to let client-node connect as kubectl does.
 */
function plainHttpAllowed(k8s: typeof K8s, kc: K8s.KubeConfig, cluster: K8s.Cluster): K8s.KubeConfig {
  if (!cluster.server.startsWith('http:') || cluster.skipTLSVerify) return kc;
  const out = new k8s.KubeConfig();
  out.loadFromOptions({
    clusters: kc.clusters.map((c) => (c.name === cluster.name ? { ...c, skipTLSVerify: true } : c)),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.getCurrentContext(),
  });
  return out;
}

/**
 * A kubeconfig (JSON, which kubectl reads like YAML) holding only the current cluster, user and a
 * context whose namespace is `namespace`.
 */
export function kubeconfigFor(kc: K8s.KubeConfig, namespace: string): string {
  const cluster = kc.getCurrentCluster()!;
  const user = kc.getCurrentUser();
  const name = 'kscenario';
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{
      name,
      cluster: defined({
        server: cluster.server,
        'certificate-authority-data': cluster.caData,
        'certificate-authority': cluster.caFile,
        'insecure-skip-tls-verify': cluster.server.startsWith('http:') ? undefined : cluster.skipTLSVerify || undefined,
        'tls-server-name': cluster.tlsServerName,
        'proxy-url': cluster.proxyUrl,
      }),
    }],
    users: [{
      name,
      user: user ? defined({
        as: user.impersonateUser,
        'auth-provider': user.authProvider,
        'client-certificate-data': user.certData,
        'client-certificate': user.certFile,
        exec: user.exec,
        'client-key-data': user.keyData,
        'client-key': user.keyFile,
        token: user.token,
        password: user.password,
        username: user.username,
      }) : {},
    }],
    contexts: [{ name, context: { cluster: name, user: name, namespace } }],
    'current-context': name,
    preferences: {},
  };
  return JSON.stringify(config, null, 2) + '\n';
}

function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}
