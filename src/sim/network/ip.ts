/** IPv4 helpers live in kube/ip.ts, where the simulator, the control plane and the loader share them. */
export * from '../../kube/ip';
