/** `demo`: a dozen varied hosts on 127.0.1.x for `npm run demo` and first-time users. */
import type { LabnetSpec } from '../spec-types.ts';
import { OS, host, svc, tls } from './build.ts';

const A = (n: number): string => `127.0.1.${n}`;

/** The demo network description. */
export function demoNetwork(): LabnetSpec {
  return {
    name: 'demo',
    ttlSeconds: 600,
    hosts: [
      host(A(10), 'web1.demo.lab', OS.ubuntu2204, svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.10'), svc(80, 'apache-2.4.52-ubuntu'), tls(443, 'nginx-1.18.0', 'expired')),
      host(A(11), 'shop.demo.lab', OS.centos7, svc(22, 'openssh-7.4-rhel7'), svc(80, 'apache-2.4.6-centos'), tls(443, 'apache-2.4.6-centos', 'sha1', ['TLSv1', 'TLSv1.1', 'TLSv1.2'])),
      host(A(12), 'db1.demo.lab', OS.ubuntu2204, svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.10'), svc(3306, 'mysql-8.0.36-ubuntu'), svc(6379, 'redis-6.2.14')),
      host(A(13), 'mail.demo.lab', OS.ubuntu2204, svc(25, 'postfix-ubuntu'), svc(110, 'dovecot-pop3-ubuntu'), svc(143, 'dovecot-imap-ubuntu'), tls(993, 'dovecot-imap-ubuntu')),
      host(A(14), 'win1.demo.lab', OS.windows, svc(80, 'iis-10.0'), tls(443, 'iis-10.0', 'self-signed')),
      host(A(15), 'files.demo.lab', null, svc(21, 'vsftpd-2.3.4'), svc(22, 'dropbear-2020.81')),
      host(A(16), 'ns1.demo.lab', OS.debian12, svc(22, 'openssh-9.2p1-debian-2+deb12u2'), svc(53, 'bind-9.18.24-debian'), svc(123, 'ntpd-4.2.8p15')),
      host(A(17), 'core-sw.demo.lab', OS.ciscoIos, svc(23, 'telnet-cisco-ios'), svc(161, 'snmp-cisco-ios')),
      host(A(18), 'mongo.demo.lab', null, svc(27017, 'mongodb-4.4.29'), svc(11211, 'memcached-1.6.21')),
      host(A(19), 'app.demo.lab', OS.centos7, svc(22, 'openssh-7.4-rhel7'), svc(8080, 'tomcat-7.0.109'), svc(9200, 'elasticsearch-7.17.16')),
      host(A(20), 'portal.demo.lab', OS.ubuntu2404, svc(22, 'openssh-9.6p1-ubuntu-3ubuntu13.5'), svc(80, 'nginx-1.24.0-ubuntu'), tls(443, 'nginx-1.24.0-ubuntu')),
      host(A(21), 'dev.demo.lab', OS.ubuntu2204, svc(2222, 'openssh-8.9p1-ubuntu-3ubuntu0.10'), svc(8081, 'jetty-9.4.53'), svc(5432, 'postgresql-md5')),
    ],
  };
}
