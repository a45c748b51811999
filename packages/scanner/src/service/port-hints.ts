/**
 * What a port number suggests before any byte is seen: whether the service usually speaks
 * first (so the banner wait can be longer), whether it wraps TLS, and the order of the
 * client-first probes. Only a hint: every service is still recognised on any port.
 */

/** Client-first probes the detector can send. */
export type ProbeName = 'tls' | 'http' | 'redis' | 'memcached' | 'mongodb' | 'postgresql';

/** The hint for one port. */
export interface PortHint {
  /** The service usually sends a banner first. */
  serverFirst: boolean;
  /** The service is usually TLS from the first byte. */
  tls: boolean;
  /** Client-first probes, most likely first. */
  order: ProbeName[];
}

const SERVER_FIRST = new Set([21, 22, 23, 25, 110, 119, 143, 220, 587, 2121, 2222, 2525, 3306, 5900, 5901, 5902, 5903, 4190, 8022]);
const TLS_SERVER_FIRST = new Set([465, 563, 990, 993, 995]);
const TLS = new Set([443, 636, 853, 989, 2376, 3269, 4443, 5061, 5986, 6443, 7443, 8443, 8883, 9443, 10443]);
const HTTP = new Set([80, 81, 591, 2375, 3000, 4000, 5000, 5601, 5984, 7001, 7474, 8000, 8008, 8080, 8081, 8088, 8090, 8161, 8180, 8888, 9000, 9090, 9200, 10250, 15672, 28017]);
const REDIS = new Set([6379, 6380, 16379]);
const MEMCACHED = new Set([11211]);
const MONGODB = new Set([27017, 27018, 27019]);
const POSTGRESQL = new Set([5432, 5433]);

const DEFAULT_ORDER: ProbeName[] = ['http', 'tls', 'redis', 'memcached', 'postgresql', 'mongodb'];

function first(p: ProbeName): ProbeName[] {
  return [p, ...DEFAULT_ORDER.filter((x) => x !== p)];
}

/** The hint for `port`. */
export function portHint(port: number): PortHint {
  if (TLS_SERVER_FIRST.has(port)) return { serverFirst: true, tls: true, order: first('tls') };
  if (SERVER_FIRST.has(port)) return { serverFirst: true, tls: false, order: DEFAULT_ORDER };
  if (TLS.has(port)) return { serverFirst: false, tls: true, order: first('tls') };
  if (HTTP.has(port)) return { serverFirst: false, tls: false, order: first('http') };
  if (REDIS.has(port)) return { serverFirst: false, tls: false, order: first('redis') };
  if (MEMCACHED.has(port)) return { serverFirst: false, tls: false, order: first('memcached') };
  if (MONGODB.has(port)) return { serverFirst: false, tls: false, order: first('mongodb') };
  if (POSTGRESQL.has(port)) return { serverFirst: false, tls: false, order: first('postgresql') };
  return { serverFirst: false, tls: false, order: DEFAULT_ORDER };
}

/** True when nothing is known about the port (it is in no list above). */
export function unknownPort(port: number): boolean {
  return ![SERVER_FIRST, TLS_SERVER_FIRST, TLS, HTTP, REDIS, MEMCACHED, MONGODB, POSTGRESQL].some((s) => s.has(port));
}

/**
 * How long to wait for a banner: long where the protocol talks first (the wait ends as soon
 * as the banner is complete, so this costs nothing there), short where the client talks first.
 */
export function bannerWaitMs(port: number, readTimeoutMs: number): number {
  const h = portHint(port);
  // Implicit-TLS ports greet only inside TLS: at the TCP level the client speaks first.
  if (h.serverFirst && !h.tls) return Math.min(readTimeoutMs, 1500);
  if (unknownPort(port)) return Math.min(readTimeoutMs, 500);
  return Math.min(readTimeoutMs, 300);
}
