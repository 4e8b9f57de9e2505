import { describe, expect, it } from '@jest/globals';
import { SUPPORTED_VERSIONS } from '../../../src/kube/version';
import { createErrors, deployment, pdb, pod, pv, pvc, service, statefulSet, updateErrors } from '../../sim/apiserver/helpers';

const SAMPLES = {
  statefulSet: statefulSet({ spec: { volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } }),
  deployment: deployment(),
  pod: pod({ spec: { volumes: [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }], containers: [{ name: 'nginx', image: 'nginx', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } }),
  pvc: pvc({ metadata: { annotations: { 'volume.beta.kubernetes.io/storage-class': 'anything' } } }),
  pv: pv({ spec: { persistentVolumeReclaimPolicy: 'Recycle' } }),
  headless: service({ spec: { clusterIP: 'None' } }),
  clusterIP: service({ spec: { clusterIP: '10.96.0.20' } }),
  pdb: pdb(),
};

describe('valid manifests stay valid', () => {
  for (const v of SUPPORTED_VERSIONS) {
    it.each(Object.entries(SAMPLES))(`${v}: %s creates and updates to itself`, (_name, obj) => {
      expect(createErrors(obj, v)).toEqual([]);
      expect(updateErrors(obj, obj, v)).toEqual([]);
    });
  }
});
