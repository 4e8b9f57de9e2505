import { describe, expect, it } from '@jest/globals';
import { warningsOnCreate } from '../../../src/kube/validation';
import { service } from '../../sim/apiserver/helpers';

describe('Service warnings', () => {
  const DEPRECATED = 'spec.externalIPs is deprecated and may no longer be implemented in some clusters';

  it('from 1.36 spec.externalIPs draws a deprecation warning (kubernetes#137293, KEP-5707)', () => {
    const svc = service({ spec: { externalIPs: ['192.0.2.10'] } });
    expect(warningsOnCreate(svc, '1.35')).toEqual([]);
    expect(warningsOnCreate(svc, '1.36')).toEqual([DEPRECATED]);
    expect(warningsOnCreate(svc, '1.37')).toEqual([DEPRECATED]);
    expect(warningsOnCreate(service({ spec: { type: 'NodePort', externalIPs: ['192.0.2.10'] } }), '1.37')).toEqual([DEPRECATED]);
  });

  it('no deprecation warning without externalIPs, for headless or ExternalName services', () => {
    expect(warningsOnCreate(service(), '1.37')).toEqual([]);
    // upstream warns that the field is ignored for these two instead (not emulated)
    expect(warningsOnCreate(service({ spec: { clusterIP: 'None', externalIPs: ['192.0.2.10'] } }), '1.37')).not.toContain(DEPRECATED);
    expect(warningsOnCreate(service({ spec: { type: 'ExternalName', externalName: 'example.com', externalIPs: ['192.0.2.10'] } }), '1.37')).not.toContain(DEPRECATED);
  });
});
