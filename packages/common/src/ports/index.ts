/** Ports: port-spec parsing and the project's port lists. */
export { parsePortSpec, formatPortSpec, describePortSpec, compressPorts, DEFAULT_PORT_SPEC } from './port-spec.ts';
export type { PortSet } from './port-spec.ts';
export { WELL_KNOWN_TCP, WELL_KNOWN_UDP, WELL_KNOWN_TCP_TABLE, WELL_KNOWN_UDP_TABLE } from './well-known.ts';
export type { WellKnownPort } from './well-known.ts';
export { TOP_PORTS, topPorts } from './top-ports.ts';
