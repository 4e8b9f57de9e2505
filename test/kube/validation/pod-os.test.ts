import { describe, expect, it } from '@jest/globals';
import { container, createErrors, pod } from '../../sim/apiserver/helpers';

describe('spec.os (validateOS, validateLinux, validateWindows)', () => {
  it('accepts linux and windows pods that set only their own fields', () => {
    expect(createErrors(pod({ spec: { os: { name: 'linux' }, securityContext: { runAsUser: 1000 }, containers: [container()] } }))).toEqual([]);
    expect(createErrors(pod({ spec: { os: { name: 'windows' }, securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } }, containers: [container()] } }))).toEqual([]);
  });

  it('refuses an unknown or empty OS name', () => {
    expect(createErrors(pod({ spec: { os: { name: 'darwin' }, containers: [container()] } }))).toEqual([
      'spec.os: Unsupported value: "darwin": supported values: "linux", "windows"',
    ]);
    expect(createErrors(pod({ spec: { os: {}, containers: [container()] } }))).toEqual(['spec.os.name: Required value']);
  });

  it('refuses Linux-only fields in a windows pod, in the pod and its containers', () => {
    const errs = createErrors(pod({
      spec: {
        os: { name: 'windows' },
        hostPID: true,
        securityContext: { runAsUser: 1000, sysctls: [] },
        initContainers: [container({ name: 'init', securityContext: { privileged: false } })],
        containers: [container({ securityContext: { capabilities: { drop: ['ALL'] } } })],
      },
    }));
    expect(errs).toEqual([
      'spec.securityContext.runAsUser: Forbidden: cannot be set for a windows pod',
      'spec.hostPID: Forbidden: cannot be set for a windows pod',
      'spec.initContainers[0].securityContext.privileged: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.capabilities: Forbidden: cannot be set for a windows pod',
    ]);
  });

  it('refuses windowsOptions in a linux pod', () => {
    expect(createErrors(pod({ spec: { os: { name: 'linux' }, containers: [container({ securityContext: { windowsOptions: { runAsUserName: 'x' } } })] } }))).toEqual([
      'spec.containers[0].securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod',
    ]);
  });
});
