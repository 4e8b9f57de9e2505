import { describe, expect, it } from '@jest/globals';
import { parseCidr } from '../../src/kube/ip';
import { CidrSet, nodeCidrSet, parseCidrLoose, podSubnetProblem } from '../../src/kube/pod-cidrs';

describe('CidrSet (kcm nodeipam cidrset)', () => {
  it('hands out the first block, then the next ones', () => {
    const s = new CidrSet(parseCidr('10.244.0.0/16'), 24);
    expect([s.allocateNext(), s.allocateNext(), s.allocateNext()]).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
    expect(s.allocated).toBe(3);
  });

  it('holds 256 /24s in a /16, then reports it full', () => {
    const s = new CidrSet(parseCidr('10.244.0.0/16'), 24);
    const got = new Set<string>();
    for (let i = 0; i < 256; i++) got.add(s.allocateNext()!);
    expect(got.size).toBe(256);
    expect(got.has('10.244.255.0/24')).toBe(true);
    expect(s.allocateNext()).toBeUndefined();
  });

  it('holds 65,536 /24s in 10.0.0.0/8', () => {
    const s = new CidrSet(parseCidr('10.0.0.0/8'), 24);
    expect(s.maxCidrs).toBe(65_536);
    let last: string | undefined;
    for (let i = 0; i < 65_536; i++) last = s.allocateNext();
    expect(last).toBe('10.255.255.0/24');
    expect(s.allocateNext()).toBeUndefined();
  });

  it('does not reuse a released block before the scan wraps around', () => {
    const s = new CidrSet(parseCidr('10.244.0.0/22'), 24);
    expect([s.allocateNext(), s.allocateNext()]).toEqual(['10.244.0.0/24', '10.244.1.0/24']);
    s.release('10.244.0.0/24');
    expect(s.allocateNext()).toBe('10.244.2.0/24');
    expect(s.allocateNext()).toBe('10.244.3.0/24');
    // wrapped: the released block is the only free one
    expect(s.allocateNext()).toBe('10.244.0.0/24');
    expect(s.allocateNext()).toBeUndefined();
  });

  it('serves a released block again once full', () => {
    const s = new CidrSet(parseCidr('10.244.0.0/16'), 24);
    for (let i = 0; i < 256; i++) s.allocateNext();
    s.release('10.244.7.0/24');
    expect(s.allocateNext()).toBe('10.244.7.0/24');
  });

  it('occupies every block a CIDR overlaps, and refuses one outside the cluster CIDR', () => {
    const s = new CidrSet(parseCidr('10.0.0.0/8'), 24);
    s.occupy('10.96.0.0/16');
    expect(s.allocated).toBe(256);
    expect(s.isUsed(96 * 256)).toBe(true);
    expect(s.isUsed(96 * 256 + 255)).toBe(true);
    expect(s.isUsed(97 * 256)).toBe(false);
    expect(() => s.occupy('192.168.0.0/16')).toThrow('cidr 192.168.0.0/16 is out the range of cluster cidr 10.0.0.0/8');
  });
});

describe('nodeCidrSet (range allocator with the service range filtered out)', () => {
  it('leaves kind\'s default pod subnet whole: it does not overlap 10.96.0.0/16', () => {
    expect(nodeCidrSet().allocated).toBe(0);
    expect(nodeCidrSet().maxCidrs).toBe(256);
  });

  it('takes the service range out of a /8 that holds it: 65,280 blocks left', () => {
    const s = nodeCidrSet('10.0.0.0/8');
    expect(s.maxCidrs - s.allocated).toBe(65_280);
  });

  it('leaves nothing when the pod subnet lies inside the service range', () => {
    const s = nodeCidrSet('10.96.0.0/20');
    expect(s.allocateNext()).toBeUndefined();
  });
});

describe('podSubnetProblem (kind validateSubnets, kubeadm ValidatePodSubnetNodeMask)', () => {
  it.each(['10.244.0.0/16', '10.0.0.0/8', '192.168.0.0/24', '10.244.1.7/16'])('accepts %s', (s) => {
    expect(podSubnetProblem(s)).toBeUndefined();
  });

  it('masks host bits as Go\'s ParseCIDR does', () => {
    expect(parseCidrLoose('10.244.1.7/16')?.text).toBe('10.244.0.0/16');
  });

  it.each([
    ['10.244.0.0', 'is not a CIDR'],
    ['10.244.0.0/', 'is not a CIDR'],
    ['10.244.0.300/16', 'is not a CIDR'],
    ['10.244.0.0/33', 'is not a CIDR'],
    ['fd00:10:244::/56', 'expected IPv4 CIDR for IPv4 family'],
    ['10.244.0.0/16,fd00::/56', 'only one CIDR allowed'],
    ['10.244.0.0/25', 'the size of pod subnet with mask 25 is smaller than the size of node subnet with mask 24'],
    ['10.0.0.0/7', 'pod subnet mask (7) and node-mask (24) difference is greater than 16'],
  ])('refuses %s', (s, message) => {
    expect(podSubnetProblem(s)).toContain(message);
  });
});
