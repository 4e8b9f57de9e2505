import { describe, expect, it } from '@jest/globals';
import { typeForKind } from '../../src/kube/registry';
import { alreadyExists, conflict, invalidError, kubectlMessage, kubectlNoMatchMessage, notFound } from '../../src/kube/status-errors';
import { FieldPath, required } from '../../src/kube/validation/field-error';
import { invalid } from '../../src/kube/validation/field-error';
import { statefulSet } from '../sim/apiserver/helpers';

const sts = typeForKind('StatefulSet');

describe('API errors', () => {
  it('formats Invalid like errors.NewInvalid, with causes', () => {
    const err = invalidError(statefulSet(), [required(FieldPath.of('spec', 'selector'))]);
    expect(err.status).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.message).toBe('StatefulSet.apps "web" is invalid: spec.selector: Required value');
    expect(err.causes).toEqual([{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' }]);
  });

  it('lists several errors in brackets and drops duplicates', () => {
    const e1 = required(FieldPath.of('spec', 'selector'));
    const e2 = invalid(FieldPath.of('spec', 'replicas'), -1, 'must be greater than or equal to 0');
    const err = invalidError(statefulSet(), [e1, e2, e1]);
    expect(err.message).toBe('StatefulSet.apps "web" is invalid: [spec.selector: Required value, spec.replicas: Invalid value: -1: must be greater than or equal to 0]');
  });

  it('uses GroupKind for core kinds without a group', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
    expect(invalidError(pod, [required(FieldPath.of('spec', 'containers'))]).message).toBe('Pod "p" is invalid: spec.containers: Required value');
  });

  it('formats AlreadyExists, NotFound and Conflict with the group-qualified resource', () => {
    expect(alreadyExists(sts, 'web')).toMatchObject({ status: 409, reason: 'AlreadyExists', message: 'statefulsets.apps "web" already exists' });
    expect(notFound(sts, 'web')).toMatchObject({ status: 404, reason: 'NotFound', message: 'statefulsets.apps "web" not found' });
    expect(notFound(typeForKind('Pod'), 'web-0').message).toBe('pods "web-0" not found');
    expect(conflict(sts, 'web')).toMatchObject({
      status: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on statefulsets.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    });
  });
});

describe('kubectl rendering', () => {
  it('rewords Invalid errors from the details', () => {
    const one = invalidError(statefulSet(), [required(FieldPath.of('spec', 'selector'))]);
    expect(kubectlMessage(one)).toBe('The StatefulSet "web" is invalid: spec.selector: Required value');
    const two = invalidError(statefulSet(), [required(FieldPath.of('spec', 'selector')), required(FieldPath.of('spec', 'template'))]);
    expect(kubectlMessage(two)).toBe('The StatefulSet "web" is invalid: \n* spec.selector: Required value\n* spec.template: Required value');
  });

  it('prefixes other errors with the reason and apply\'s source', () => {
    expect(kubectlMessage(alreadyExists(sts, 'web'), { verb: 'creating', file: 'web.yaml' })).toBe(
      'Error from server (AlreadyExists): error when creating "web.yaml": statefulsets.apps "web" already exists',
    );
    expect(kubectlMessage(notFound(sts, 'web'))).toBe('Error from server (NotFound): statefulsets.apps "web" not found');
  });

  it('words the unserved-kind error as kubectl does', () => {
    expect(kubectlNoMatchMessage('web', '', 'petset.yaml', 'apps/v1alpha1', 'PetSet')).toBe(
      'error: resource mapping not found for name: "web" namespace: "" from "petset.yaml": no matches for kind "PetSet" in version "apps/v1alpha1"\nensure CRDs are installed first',
    );
  });
});
