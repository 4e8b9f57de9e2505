import { describe, expect, it } from '@jest/globals';
import { HostLocalIpam, NodeAddressAllocator, PodCidrAllocator } from '../../../src/sim/kubelet/node-network';

describe('pod IPs (CNI host-local)', () => {
  it('hands out .2 first (.1 is the gateway), then the next addresses', () => {
    const ipam = new HostLocalIpam('10.244.1.0/24');
    expect([ipam.allocate(), ipam.allocate(), ipam.allocate()]).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4']);
  });

  it('does not reuse a released address before wrapping around the range', () => {
    const ipam = new HostLocalIpam('10.244.1.0/24');
    const first = ipam.allocate()!;
    ipam.allocate();
    ipam.release(first);
    expect(ipam.allocate()).toBe('10.244.1.4');
    for (let i = 5; i <= 254; i++) expect(ipam.allocate()).toBe(`10.244.1.${i}`);
    // wrapped: the first free one from the start is the released .2
    expect(ipam.allocate()).toBe('10.244.1.2');
    expect(ipam.allocate()).toBeUndefined();
  });
});

describe('node addresses', () => {
  it('gives pod CIDRs in order and skips a released one until wrap-around', () => {
    const a = new PodCidrAllocator();
    expect([a.allocate(), a.allocate(), a.allocate()]).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
    a.release('10.244.1.0/24');
    expect(a.allocate()).toBe('10.244.3.0/24');
  });

  it('gives node IPs from 172.18.0.2 on', () => {
    const a = new NodeAddressAllocator();
    expect([a.allocate(), a.allocate()]).toEqual(['172.18.0.2', '172.18.0.3']);
  });
});
