/**
 * The `well-known` port lists: services a vulnerability scanner has checks or fingerprints
 * for, grouped by what they are. docs/targets-and-ports.md explains the choice. Ports are
 * listed once per protocol even when several services share them (first name wins).
 */

/** A well-known port: number, usual service name, category. */
export type WellKnownPort = readonly [port: number, service: string, category: string];

/** TCP services, by category. */
export const WELL_KNOWN_TCP_TABLE: readonly WellKnownPort[] = [
  // Remote access and remote administration
  [22, 'ssh', 'remote'], [23, 'telnet', 'remote'], [2222, 'ssh-alt', 'remote'], [2022, 'ssh-alt', 'remote'],
  [3389, 'rdp', 'remote'], [5900, 'vnc', 'remote'], [5901, 'vnc-1', 'remote'], [5902, 'vnc-2', 'remote'],
  [5903, 'vnc-3', 'remote'], [5800, 'vnc-http', 'remote'], [512, 'rexec', 'remote'], [513, 'rlogin', 'remote'],
  [514, 'rsh', 'remote'], [992, 'telnets', 'remote'], [5985, 'winrm', 'remote'], [5986, 'winrm-https', 'remote'],
  [4899, 'radmin', 'remote'], [6000, 'x11', 'remote'], [6001, 'x11-1', 'remote'], [5938, 'teamviewer', 'remote'],
  [3283, 'apple-remote-desktop', 'remote'], [1494, 'citrix-ica', 'remote'], [2598, 'citrix-cgp', 'remote'],
  [177, 'xdmcp', 'remote'], [6129, 'dameware', 'remote'], [5631, 'pcanywhere', 'remote'],
  // Web, application servers and their admin consoles
  [80, 'http', 'web'], [443, 'https', 'web'], [8000, 'http-alt', 'web'], [8008, 'http-alt', 'web'],
  [8080, 'http-proxy', 'web'], [8443, 'https-alt', 'web'], [8888, 'http-alt', 'web'], [9000, 'http-alt', 'web'],
  [9090, 'http-alt', 'web'], [9443, 'https-alt', 'web'], [81, 'http-alt', 'web'], [82, 'http-alt', 'web'],
  [591, 'filemaker-http', 'web'], [593, 'http-rpc-epmap', 'web'], [8001, 'http-alt', 'web'], [8002, 'http-alt', 'web'],
  [8010, 'http-alt', 'web'], [8081, 'http-alt', 'web'], [8082, 'http-alt', 'web'], [8083, 'http-alt', 'web'],
  [8088, 'http-alt', 'web'], [8089, 'splunkd', 'web'], [8090, 'http-alt', 'web'], [8180, 'http-alt', 'web'],
  [8181, 'http-alt', 'web'], [8280, 'http-alt', 'web'], [8880, 'http-alt', 'web'], [8899, 'http-alt', 'web'],
  [8983, 'solr', 'web'], [9080, 'http-alt', 'web'], [9091, 'http-alt', 'web'], [3000, 'http-dev', 'web'],
  [3001, 'http-dev', 'web'], [4000, 'http-dev', 'web'], [4443, 'https-alt', 'web'], [4848, 'glassfish-admin', 'web'],
  [5000, 'http-dev', 'web'], [5001, 'https-dev', 'web'], [7001, 'weblogic', 'web'], [7002, 'weblogic-ssl', 'web'],
  [7080, 'http-alt', 'web'], [7443, 'https-alt', 'web'], [7777, 'http-alt', 'web'], [8009, 'ajp13', 'web'],
  [8005, 'tomcat-shutdown', 'web'], [9060, 'websphere-admin', 'web'], [9043, 'websphere-admin-ssl', 'web'],
  [9990, 'wildfly-admin', 'web'], [10000, 'webmin', 'web'], [10443, 'https-alt', 'web'], [2082, 'cpanel', 'web'],
  [2083, 'cpanel-ssl', 'web'], [2086, 'whm', 'web'], [2087, 'whm-ssl', 'web'], [2095, 'cpanel-webmail', 'web'],
  [2096, 'cpanel-webmail-ssl', 'web'], [9999, 'http-alt', 'web'], [7070, 'http-alt', 'web'], [5005, 'http-alt', 'web'], [5050, 'http-alt', 'web'], [8069, 'odoo', 'web'],
  [5601, 'kibana', 'web'], [8800, 'http-alt', 'web'], [9200, 'elasticsearch', 'database'], [3333, 'http-dev', 'web'],
  [8085, 'http-alt', 'web'], [8086, 'influxdb', 'database'], [8087, 'http-alt', 'web'],
  [8100, 'http-alt', 'web'], [8200, 'vault', 'management'], [8500, 'consul', 'management'], [8834, 'nessus', 'management'],
  [9001, 'http-alt', 'web'], [9002, 'http-alt', 'web'], [16080, 'http-alt', 'web'], [18080, 'http-alt', 'web'],
  [4040, 'spark-ui', 'web'], [8787, 'http-alt', 'web'], [8161, 'activemq-admin', 'broker'], [50070, 'hadoop-namenode', 'web'],
  [9870, 'hadoop-namenode', 'web'], [8020, 'hdfs', 'file'], [16010, 'hbase-master', 'web'], [7077, 'spark-master', 'web'],
  [8265, 'ray-dashboard', 'web'], [11434, 'ollama', 'web'], [19999, 'netdata', 'management'], [3128, 'squid-http', 'proxy'],
  [1080, 'socks', 'proxy'], [8118, 'privoxy', 'proxy'], [9050, 'tor-socks', 'proxy'], [3129, 'squid-alt', 'proxy'],
  // Mail
  [25, 'smtp', 'mail'], [465, 'smtps', 'mail'], [587, 'submission', 'mail'], [2525, 'smtp-alt', 'mail'],
  [110, 'pop3', 'mail'], [995, 'pop3s', 'mail'], [143, 'imap', 'mail'], [993, 'imaps', 'mail'],
  [4190, 'sieve', 'mail'], [24, 'lmtp', 'mail'], [106, 'poppassd', 'mail'], [109, 'pop2', 'mail'],
  // File sharing and storage
  [21, 'ftp', 'file'], [990, 'ftps', 'file'], [2121, 'ftp-alt', 'file'], [139, 'netbios-ssn', 'file'],
  [445, 'microsoft-ds', 'file'], [2049, 'nfs', 'file'], [111, 'rpcbind', 'file'], [873, 'rsync', 'file'],
  [548, 'afp', 'file'], [3260, 'iscsi', 'file'], [20048, 'mountd', 'file'],
  [9418, 'git', 'file'], [3690, 'svn', 'file'],
  // Databases, caches and search engines
  [1433, 'ms-sql', 'database'], [1521, 'oracle', 'database'], [1522, 'oracle-alt', 'database'],
  [1526, 'oracle-alt', 'database'], [2483, 'oracle-ttc', 'database'], [2484, 'oracle-ttc-ssl', 'database'], [3306, 'mysql', 'database'],
  [33060, 'mysqlx', 'database'], [5432, 'postgresql', 'database'], [5433, 'postgresql-alt', 'database'], [6432, 'pgbouncer', 'database'],
  [6379, 'redis', 'database'], [6380, 'redis-alt', 'database'], [26379, 'redis-sentinel', 'database'], [9300, 'elasticsearch-transport', 'database'],
  [11211, 'memcached', 'database'], [27017, 'mongodb', 'database'], [27018, 'mongodb-shard', 'database'], [27019, 'mongodb-config', 'database'],
  [28017, 'mongodb-http', 'database'], [5984, 'couchdb', 'database'], [6984, 'couchdb-ssl', 'database'], [7000, 'cassandra-intra', 'database'],
  [7199, 'cassandra-jmx', 'database'], [9042, 'cassandra-cql', 'database'], [9160, 'cassandra-thrift', 'database'], [8091, 'couchbase', 'database'],
  [11210, 'couchbase-data', 'database'], [8123, 'clickhouse-http', 'database'], [9004, 'clickhouse-mysql', 'database'], [26257, 'cockroachdb', 'database'],
  [50000, 'db2', 'database'], [3050, 'firebird', 'database'], [2638, 'sql-anywhere', 'database'], [7474, 'neo4j-http', 'database'],
  [7687, 'neo4j-bolt', 'database'], [8529, 'arangodb', 'database'], [28015, 'rethinkdb', 'database'], [8098, 'riak-http', 'database'],
  [2379, 'etcd-client', 'database'], [2380, 'etcd-peer', 'database'], [4001, 'etcd-legacy', 'database'], [1527, 'derby', 'database'],
  [8428, 'victoriametrics', 'database'], [3100, 'loki', 'database'],
  // Directory, naming and authentication
  [53, 'domain', 'directory'], [88, 'kerberos', 'directory'], [464, 'kpasswd', 'directory'], [389, 'ldap', 'directory'],
  [636, 'ldaps', 'directory'], [3268, 'ldap-gc', 'directory'], [3269, 'ldaps-gc', 'directory'], [135, 'msrpc', 'directory'],
  [749, 'kerberos-adm', 'directory'], [49, 'tacacs', 'directory'], [9389, 'adws', 'directory'], [113, 'ident', 'directory'],
  [79, 'finger', 'directory'], [43, 'whois', 'directory'], [853, 'dns-over-tls', 'directory'],
  // VPN and tunnels
  [1723, 'pptp', 'vpn'], [1194, 'openvpn', 'vpn'], [4433, 'sslvpn', 'vpn'],
  [8291, 'mikrotik-winbox', 'management'],
  // Network, device and virtualisation management
  [199, 'smux', 'management'],
  [2000, 'cisco-sccp', 'voip'], [4786, 'cisco-smart-install', 'management'], [8728, 'mikrotik-api', 'management'], [8729, 'mikrotik-api-ssl', 'management'],
  [7547, 'cwmp', 'iot'], [37215, 'huawei-hg-upnp', 'iot'], [52869, 'upnp-realtek', 'iot'], [49152, 'upnp', 'iot'],
  [2301, 'hp-insight', 'management'], [2381, 'hp-sim-https', 'management'], [5988, 'wbem-http', 'management'], [5989, 'wbem-https', 'management'],
  [16992, 'intel-amt', 'management'], [16993, 'intel-amt-tls', 'management'], [17988, 'ilo-virtual-media', 'management'], [17990, 'ilo-console', 'management'],
  [902, 'vmware-auth', 'management'], [903, 'vmware-console', 'management'], [5480, 'vmware-vami', 'management'], [8006, 'proxmox', 'management'],
  [10050, 'zabbix-agent', 'management'], [10051, 'zabbix-server', 'management'], [5666, 'nrpe', 'management'], [4949, 'munin', 'management'],
  [8140, 'puppet', 'management'], [4505, 'salt-publish', 'management'], [4506, 'salt-request', 'management'], [2375, 'docker', 'management'],
  [2376, 'docker-tls', 'management'], [6443, 'kubernetes-api', 'management'], [10250, 'kubelet', 'management'], [10255, 'kubelet-readonly', 'management'],
  [8472, 'flannel', 'management'], [9093, 'alertmanager', 'management'], [4369, 'epmd', 'management'],
  [1099, 'java-rmi', 'management'], [1098, 'java-rmi-activation', 'management'], [9010, 'jmx', 'management'], [5555, 'android-adb', 'iot'],
  [3478, 'stun', 'voip'], [5060, 'sip', 'voip'], [5061, 'sips', 'voip'], [1720, 'h323', 'voip'],
  [5038, 'asterisk-ami', 'voip'], [554, 'rtsp', 'iot'], [8554, 'rtsp-alt', 'iot'], [1935, 'rtmp', 'iot'],
  [37777, 'dahua-dvr', 'iot'], [34567, 'xiongmai-dvr', 'iot'], [515, 'printer', 'printer'], [631, 'ipp', 'printer'], [9100, 'jetdirect', 'printer'],
  [427, 'svrloc', 'management'], [179, 'bgp', 'management'], [2601, 'zebra', 'management'], [2604, 'ospfd', 'management'],
  // Industrial control systems and building automation
  [502, 'modbus', 'ics'], [102, 's7comm', 'ics'], [20000, 'dnp3', 'ics'], [44818, 'ethernet-ip', 'ics'],
  [1911, 'niagara-fox', 'ics'], [4911, 'niagara-fox-tls', 'ics'], [2404, 'iec-104', 'ics'], [789, 'redlion-crimson', 'ics'],
  [1962, 'pcworx', 'ics'], [10001, 'atg-tank-gauge', 'ics'], [9600, 'omron-fins', 'ics'], [18245, 'ge-srtp', 'ics'], [20547, 'proconos', 'ics'],
  [5007, 'melsec-q', 'ics'], [2455, 'codesys', 'ics'], [1217, 'codesys-gateway', 'ics'], [4840, 'opc-ua', 'ics'],
  [5094, 'hart-ip', 'ics'], [1883, 'mqtt', 'broker'], [8883, 'mqtt-tls', 'broker'],
  // Message brokers and coordination
  [5672, 'amqp', 'broker'], [5671, 'amqps', 'broker'], [15672, 'rabbitmq-admin', 'broker'], [25672, 'rabbitmq-dist', 'broker'],
  [61616, 'activemq-openwire', 'broker'], [61613, 'stomp', 'broker'], [9092, 'kafka', 'broker'], [2181, 'zookeeper', 'broker'],
  [4222, 'nats', 'broker'], [6222, 'nats-cluster', 'broker'], [8222, 'nats-monitor', 'broker'], [1414, 'ibm-mq', 'broker'],
  [5222, 'xmpp-client', 'broker'], [5269, 'xmpp-server', 'broker'], [6667, 'irc', 'broker'], [6697, 'ircs', 'broker'],
  [119, 'nntp', 'broker'], [563, 'nntps', 'broker'],
  // Legacy and diagnostic services (amplifiers, info leaks) and well-known backdoor ports
  [7, 'echo', 'legacy'], [9, 'discard', 'legacy'], [13, 'daytime', 'legacy'], [17, 'qotd', 'legacy'],
  [19, 'chargen', 'legacy'], [37, 'time', 'legacy'], [1524, 'ingreslock', 'backdoor'], [3632, 'distccd', 'legacy'],
  [4444, 'backdoor-4444', 'backdoor'], [31337, 'backdoor-31337', 'backdoor'], [12345, 'netbus', 'backdoor'], [6666, 'irc-alt', 'backdoor'],
];

/** UDP services, by category. */
export const WELL_KNOWN_UDP_TABLE: readonly WellKnownPort[] = [
  [53, 'domain', 'directory'], [67, 'dhcps', 'management'], [69, 'tftp', 'file'], [88, 'kerberos', 'directory'],
  [111, 'rpcbind', 'file'], [123, 'ntp', 'management'], [137, 'netbios-ns', 'file'], [138, 'netbios-dgm', 'file'],
  [161, 'snmp', 'management'], [162, 'snmptrap', 'management'], [177, 'xdmcp', 'remote'], [389, 'cldap', 'directory'],
  [427, 'svrloc', 'management'], [443, 'quic', 'web'], [500, 'isakmp', 'vpn'], [514, 'syslog', 'management'],
  [520, 'rip', 'management'], [623, 'ipmi', 'management'], [1194, 'openvpn', 'vpn'], [1434, 'ms-sql-monitor', 'database'],
  [1604, 'citrix-ica-browser', 'remote'], [1701, 'l2tp', 'vpn'], [1812, 'radius', 'directory'], [1813, 'radius-acct', 'directory'],
  [1900, 'ssdp', 'iot'], [2049, 'nfs', 'file'], [3283, 'apple-remote-desktop', 'remote'], [3478, 'stun', 'voip'],
  [3702, 'ws-discovery', 'iot'], [4500, 'ipsec-nat-t', 'vpn'], [5060, 'sip', 'voip'], [5351, 'nat-pmp', 'iot'],
  [5353, 'mdns', 'directory'], [5355, 'llmnr', 'directory'], [5683, 'coap', 'iot'], [10001, 'ubiquiti-discovery', 'iot'],
  [11211, 'memcached', 'database'], [17185, 'vxworks-wdb', 'iot'], [20000, 'dnp3', 'ics'], [47808, 'bacnet', 'ics'],
  [44818, 'ethernet-ip', 'ics'], [51820, 'wireguard', 'vpn'], [7, 'echo', 'legacy'], [19, 'chargen', 'legacy'],
  [17, 'qotd', 'legacy'], [2302, 'halo', 'legacy'], [27015, 'steam', 'legacy'], [9987, 'teamspeak', 'voip'],
];

function portsOf(table: readonly WellKnownPort[]): readonly number[] {
  return Object.freeze([...new Set(table.map(([p]) => p))].sort((a, b) => a - b));
}

/** The `well-known` TCP ports, sorted and unique. */
export const WELL_KNOWN_TCP: readonly number[] = portsOf(WELL_KNOWN_TCP_TABLE);
/** The `well-known` UDP ports, sorted and unique. */
export const WELL_KNOWN_UDP: readonly number[] = portsOf(WELL_KNOWN_UDP_TABLE);
