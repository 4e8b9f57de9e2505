/**
 * `kscenario run --backend kind --dry-run`: the run's plan, per scenario — the cluster it gets
 * (created or reused), the kind config, every command the run would execute for it (creating and
 * shaping the cluster, each node fault of the scenario, deleting the cluster) and what is refused —
 * without Docker. The same plan drives the real run (run-plan.ts). Addresses that only exist at
 * run time are written `<IP of NODE>`.
 */
import type { InputError } from '../../errors';
import { formatLocation } from '../../errors';
import type { LoadedScenario } from '../../scenario/loaded';
import { formatCommand, type Command } from './process';
import type { RunPlan, ScenarioPlan } from './run-plan';

export interface DryRunExtra {
  /** refusals found outside the kind backend (the runner's capability check), per scenario */
  refusals?: ReadonlyMap<LoadedScenario, readonly InputError[]>;
  /** scenarios the run skips (outside their spec.requires.kubernetesVersion), with the reason */
  skipped?: ReadonlyArray<{ scenario: LoadedScenario; reason: string }>;
}

export function renderDryRun(plan: RunPlan, header: string, extra: DryRunExtra = {}): string {
  const out: string[] = [header, ''];
  let networkShown = false;
  for (const sp of plan.scenarios) {
    const s = sp.scenario;
    out.push(`▸ ${s.scenario.metadata.name} — ${s.file}`);
    const refused = refusalsOf(sp, extra);
    if (refused.length) {
      out.push('  refused before anything runs (nothing of it would run):');
      for (const r of refused) out.push(indent(r.describe(), 4));
      out.push('');
      continue;
    }
    const ref = sp.cluster!;
    const shape = ref.shape;
    out.push(`  cluster ${ref.name} (${sp.action === 'reuse' ? 'reused: the previous scenario ran on it and the shape is the same' : 'new'}), shape ${shape.key}: Kubernetes ${shape.minor}, ${shape.image.ref}${shape.image.image ? ` (built for kind ${shape.image.image.kind})` : ''}`);
    out.push('  nodes (Kubernetes Node → kind container):');
    const width = Math.max(...shape.nodes.map((n) => n.name.length));
    for (const n of shape.nodes) {
      const what = [n.role, ...(n.bootstrap ? ['kubeadm init'] : []), ...(n.hostsControlPlane ? ['hosts the control plane'] : []), ...(n.added ? ['added by addNode: created stopped, Node deleted'] : [])];
      out.push(`    ${n.name.padEnd(width)}  ${ref.containers.get(n.name)}  (${what.join(', ')})`);
    }
    for (const note of shape.notes) out.push(`  note: ${note}`);
    if (sp.action === 'create') {
      out.push('  kind config:');
      out.push(indent(ref.config.trimEnd(), 4));
      out.push('  commands to create it:');
      if (!networkShown) {
        out.push(`    $ ${formatCommand(plan.network.create)}   # once per run, before the first cluster`);
        networkShown = true;
      }
      for (const c of ref.create) out.push(...commandLines(c, c.program === 'kind' ? 'the kind config above' : undefined));
    }
    out.push(`  then the cluster backend runs the scenario on context ${ref.context} of ${ref.kubeconfig}:`);
    out.push(`    it checks the nodes, creates the namespace(s) ${['default', ...sp.request.namespaces.filter((n) => n !== 'default')].join(', ')} under fresh names${otherClasses(sp)}, and deletes what the scenario made at its end`);
    if (sp.faults.length) {
      out.push('  node faults:');
      for (const f of sp.faults) {
        out.push(`    ${f.verb} ${f.node} (${formatLocation(f.step.location)}):`);
        for (const c of f.commands) out.push(...commandLines(c).map((l) => `  ${l}`));
        if (f.verb === 'removeNode') out.push(`        then DELETE the Node ${f.node} through the API`);
        if (f.verb === 'addNode') out.push(`        then wait until the kubelet has registered the Node ${f.node}${Object.keys(shape.nodes.find((n) => n.name === f.node)?.apiLabels ?? {}).length ? ' and set its labels through the API' : ''}`);
      }
    }
    if (sp.deleteAfter) out.push(`  after the scenario:\n    $ ${formatCommand(ref.delete)}`);
    else out.push(`  after the scenario: the cluster is kept (${isReusedNext(plan, sp) ? 'the next scenario reuses it' : '--keep'})`);
    out.push('');
  }
  for (const { scenario, reason } of extra.skipped ?? []) {
    out.push(`▸ ${scenario.scenario.metadata.name} — ${scenario.file}`, `  ${reason}`, '');
  }
  if (networkShown) out.push(`at the end of the run:\n    $ ${formatCommand(plan.network.remove)}`);
  return out.join('\n') + '\n';
}

export function dryRunJson(plan: RunPlan, extra: DryRunExtra = {}): string {
  const scenarios = plan.scenarios.map((sp) => {
    const refused = refusalsOf(sp, extra);
    const base = { name: sp.scenario.scenario.metadata.name, file: sp.scenario.file, claims: sp.scenario.scenario.metadata.claims ?? [] };
    if (refused.length) return { ...base, refused: refused.map((r) => r.describe()) };
    const ref = sp.cluster!;
    return {
      ...base,
      refused: [],
      cluster: {
        name: ref.name, action: sp.action, shape: ref.shape.key, kubernetes: ref.shape.minor, image: ref.shape.image.ref,
        nodes: ref.shape.nodes.map((n) => ({ name: n.name, role: n.role, container: ref.containers.get(n.name) })),
        config: ref.config,
        create: sp.action === 'create' ? ref.create.map(formatCommand) : [],
        deleteAfter: sp.deleteAfter,
        notes: ref.shape.notes,
      },
      faults: sp.faults.map((f) => ({ verb: f.verb, node: f.node, commands: f.commands.map(formatCommand) })),
    };
  });
  const skipped = (extra.skipped ?? []).map(({ scenario, reason }) => ({ name: scenario.scenario.metadata.name, file: scenario.file, claims: scenario.scenario.metadata.claims ?? [], refused: [], skipped: reason }));
  return JSON.stringify({ network: { name: plan.network.name, create: formatCommand(plan.network.create), remove: formatCommand(plan.network.remove) }, scenarios: [...scenarios, ...skipped] }, null, 2) + '\n';
}

function refusalsOf(sp: ScenarioPlan, extra: DryRunExtra): InputError[] {
  return [...(extra.refusals?.get(sp.scenario) ?? []), ...sp.refusals];
}

function isReusedNext(plan: RunPlan, sp: ScenarioPlan): boolean {
  const i = plan.scenarios.indexOf(sp);
  const next = plan.scenarios.slice(i + 1).find((p) => p.cluster);
  return next?.action === 'reuse' && next.cluster === sp.cluster;
}

function otherClasses(sp: ScenarioPlan): string {
  const others = sp.request.storageClasses.filter((c) => c.name !== 'standard').map((c) => c.name);
  return others.length ? ` and the storage class(es) ${others.join(', ')}` : '';
}

function commandLines(c: Command, stdinNote?: string): string[] {
  const lines = [`    $ ${formatCommand(c)}`];
  if (c.input !== undefined) lines.push(stdinNote ? `      (stdin: ${stdinNote})` : indent(`stdin: ${c.input}`, 6));
  return lines;
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text.split('\n').map((l) => (l ? pad + l : l)).join('\n');
}
