/** What a DNS lookup from inside a pod answers: A records and SRV records, or NXDOMAIN. */
export interface DnsAnswer {
  /** NXDOMAIN when false */
  found: boolean;
  /** A records: the addresses */
  addresses: string[];
  /** SRV records: target host names with port */
  srv: Array<{ target: string; port: number; priority: number; weight: number }>;
}
