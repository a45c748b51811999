/** The simulator for each service type. */
import type { ServiceType } from '../catalog.ts';
import type { TcpHandler, UdpHandler } from '../session.ts';
import { serveSsh } from './ssh.ts';
import { serveHttp } from './http.ts';
import { serveFtp } from './ftp.ts';
import { serveImap, servePop3, serveSmtp } from './mail.ts';
import { serveMysql } from './mysql.ts';
import { servePostgresql } from './postgresql.ts';
import { serveRedis } from './redis.ts';
import { serveMemcached } from './memcached.ts';
import { serveMongodb } from './mongodb.ts';
import { serveTelnet } from './telnet.ts';
import { dnsReply } from './dns.ts';
import { snmpReply } from './snmp.ts';
import { ntpReply } from './ntp.ts';

/** TCP simulators by service type. */
export const TCP_HANDLERS: Partial<Record<ServiceType, TcpHandler>> = {
  ssh: serveSsh, http: serveHttp, ftp: serveFtp, smtp: serveSmtp, pop3: servePop3, imap: serveImap, mysql: serveMysql,
  postgresql: servePostgresql, redis: serveRedis, memcached: serveMemcached, mongodb: serveMongodb, telnet: serveTelnet,
};

/** UDP simulators by service type. */
export const UDP_HANDLERS: Partial<Record<ServiceType, UdpHandler>> = { dns: dnsReply, snmp: snmpReply, ntp: ntpReply };

/** Service types whose protocol can upgrade to TLS in-band (STARTTLS and friends). */
export const STARTTLS_TYPES: readonly ServiceType[] = ['smtp', 'pop3', 'imap', 'ftp'];
