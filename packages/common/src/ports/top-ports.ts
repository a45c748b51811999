/**
 * Farsight's own ranking of TCP ports by how often they are open on real networks, authored
 * for this project (not derived from nmap-services, whose licence forbids shipping it).
 * Order: the `well-known` services ranked by prevalence (ubiquitous web/remote/mail/file
 * ports, then infrastructure, databases, brokers, IoT/ICS, legacy); then ports commonly open
 * on desktop and consumer hosts without being services we have checks for (Windows dynamic
 * RPC, WSD, Delivery Optimisation, MSMQ, phones and media devices); then the remaining
 * privileged ports 1-1024 in ascending order, where services bind far more often than above.
 */

/** The ranked head: every `well-known` TCP port, most commonly open first. */
const RANKED_WELL_KNOWN: readonly number[] = [
  // Ubiquitous: web, remote access, mail, Windows file sharing, DNS
  80, 443, 22, 21, 25, 3389, 23, 53, 445, 139, 135, 110, 143, 8080, 3306, 993, 995, 587, 111, 8443,
  5900, 1723, 8000, 8888, 465, 5432, 1433, 2049, 554, 631, 9100, 515, 179, 113, 199, 5060, 81, 8081,
  8008, 2000, 4786, 1720, 5000, 5001, 3000, 1521, 6379, 9090, 9000, 10000, 3128, 1080, 5985, 5986, 548, 873,
  990, 389, 636, 88, 464, 3268, 3269, 593, 49152, 7547, 8291, 8728, 8729, 2222, 9443, 8089, 8009, 7001, 7002,
  // Remote consoles and alternative web ports
  8181, 8180, 5800, 5901, 5902, 5903, 6000, 6001, 1194, 4433, 10443, 4443, 8001, 8002, 8010, 8082,
  8083, 8085, 8086, 8087, 8088, 8090, 8100, 8200, 8500, 8800, 8880, 8899, 9001, 9002, 9080, 9091,
  // Data stores commonly left reachable
  9200, 9300, 11211, 27017, 27018, 27019, 28017, 5984, 6984,
  // Hosting panels, more mail, file and source services
  2082, 2083, 2086, 2087, 2095, 2096, 2525, 4190, 24, 106, 109, 119, 563, 2121, 3260, 20048, 9418, 3690,
  // Java, containers, orchestration
  1099, 1098, 2375, 2376, 6443, 10250, 10255, 2379, 2380, 4001,
  // Brokers and messaging
  5672, 5671, 15672, 25672, 61616, 61613, 9092, 2181, 8161, 1883, 8883, 4222, 6222, 8222, 1414, 5222,
  5269, 6667, 6697, 6666, 5061, 3478, 5038,
  // Cameras, DVRs, routers and phones
  8554, 1935, 37777, 34567, 37215, 52869, 5555,
  // Industrial control systems
  502, 102, 20000, 44818, 1911, 4911, 2404, 789, 1962, 10001, 9600, 18245, 20547, 5007, 2455, 1217,
  4840, 5094,
  // Server and virtualisation management, monitoring, configuration management
  2301, 2381, 5988, 5989, 16992, 16993, 17988, 17990, 902, 903, 5480, 8006, 10050, 10051, 5666, 4949,
  8140, 4505, 4506, 8472, 9093, 4369, 9010, 427, 2601, 2604,
  // Older remote access
  512, 513, 514, 992, 4899, 5938, 3283, 1494, 2598, 177, 6129, 5631, 2022,
  // Application servers, developer and data-platform web UIs
  591, 82, 7080, 7443, 7777, 8005, 9060, 9043, 9990, 9999, 7070, 5005, 5050, 8069, 5601, 3001, 3333,
  4000, 4848, 8280, 8983, 16080, 18080, 4040, 8787, 50070, 9870, 8020, 16010, 7077, 8265, 11434,
  19999, 8834, 3129, 8118, 9050,
  // Less common database ports
  1522, 1526, 2483, 2484, 33060, 5433, 6432, 6380, 26379, 7000, 7199, 9042, 9160, 8091, 11210, 8123,
  9004, 26257, 50000, 3050, 2638, 7474, 7687, 8529, 28015, 8098, 1527, 8428, 3100,
  // Directory extras, legacy diagnostic services, well-known backdoor ports
  749, 49, 9389, 79, 43, 853, 7, 9, 13, 17, 19, 37, 1524, 3632, 4444, 31337, 12345,
];

/** Commonly open on desktops and consumer devices, though not services we fingerprint. */
const RANKED_COMMON_HOST: readonly number[] = [
  49153, 49154, 49155, 49156, 49157, 49158, 5357, 2869, 7680, 5040, 1025, 1026, 1027, 1028, 1029,
  1030, 1801, 2103, 2105, 2107, 62078, 49000, 1400, 8060, 3689, 5353, 1900, 5354, 10243, 6646,
];

function buildTopPorts(): readonly number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  const add = (p: number): void => {
    if (!seen.has(p)) { seen.add(p); out.push(p); }
  };
  RANKED_WELL_KNOWN.forEach(add);
  RANKED_COMMON_HOST.forEach(add);
  for (let p = 1; p <= 1024; p++) add(p);
  return Object.freeze(out);
}

/** The ranked list (more than 1000 distinct TCP ports); `topPorts(n)` takes its first n. */
export const TOP_PORTS: readonly number[] = buildTopPorts();

/**
 * The n most commonly open TCP ports, most common first; beyond the ranked list the
 * remaining ports follow in ascending order. `n` is clamped to 0..65535.
 */
export function topPorts(n: number): number[] {
  const count = Math.max(0, Math.min(65535, Math.floor(n)));
  if (count <= TOP_PORTS.length) return TOP_PORTS.slice(0, count);
  const out = [...TOP_PORTS];
  const seen = new Set(out);
  for (let p = 1; p <= 65535 && out.length < count; p++) if (!seen.has(p)) out.push(p);
  return out;
}
