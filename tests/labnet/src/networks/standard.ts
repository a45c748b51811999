/**
 * `standard`: the ground-truth network for scanner tests on 127.0.2.x. Every catalog profile
 * at least once, every certificate kind and TLS version range, services on non-standard
 * ports, the five hostile kinds and hosts with every port closed.
 */
import type { LabnetSpec } from '../spec-types.ts';
import { OS, host, hostile, svc, tls } from './build.ts';

const A = (n: number): string => `127.0.2.${n}`;

/** The standard network description. */
export function standardNetwork(): LabnetSpec {
  return {
    name: 'standard',
    ttlSeconds: 600,
    hosts: [
      host(A(10), 'web1.lab', OS.ubuntu2204, svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.10'), svc(80, 'apache-2.4.52-ubuntu'), tls(443, 'nginx-1.18.0', 'expired')),
      host(A(11), 'web2.lab', OS.ubuntu2004, svc(22, 'openssh-8.2p1-ubuntu-4ubuntu0.5'), svc(80, 'nginx-1.18.0'), tls(443, 'nginx-1.18.0')),
      host(A(12), 'web3.lab', OS.centos7, svc(22, 'openssh-7.4-rhel7'), svc(80, 'apache-2.4.6-centos'), tls(443, 'apache-2.4.6-centos', 'sha1', ['TLSv1', 'TLSv1.1', 'TLSv1.2'])),
      host(A(13), 'web4.lab', OS.debian12, svc(22, 'openssh-9.2p1-debian-2+deb12u2'), svc(80, 'apache-2.4.57-debian'), tls(443, 'apache-2.4.57-debian', 'self-signed')),
      host(A(14), 'portal.lab', OS.ubuntu2404, svc(22, 'openssh-9.6p1-ubuntu-3ubuntu13.5'), svc(80, 'nginx-1.24.0-ubuntu'), tls(443, 'nginx-1.24.0-ubuntu', 'valid', ['TLSv1.3'])),
      host(A(15), 'iis1.lab', OS.windows, svc(80, 'iis-10.0'), tls(443, 'iis-10.0', 'wrong-host')),
      host(A(16), 'iis2.lab', OS.windows2012r2, svc(80, 'iis-8.5'), tls(443, 'iis-8.5', 'rsa-1024', ['TLSv1'])),
      host(A(17), 'app1.lab', OS.ubuntu2404, svc(2222, 'openssh-9.6p1-ubuntu-3ubuntu13.5'), svc(8080, 'jetty-9.4.53')),
      host(A(18), 'tomcat1.lab', OS.centos7, svc(22, 'openssh-7.4-rhel7'), svc(8080, 'tomcat-7.0.109'), tls(8443, 'tomcat-7.0.109', 'not-yet-valid')),
      host(A(19), 'files1.lab', OS.debian, svc(22, 'dropbear-2022.83'), svc(80, 'lighttpd-1.4.59')),
      host(A(20), 'search1.lab', OS.ubuntu2204, svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.10'), svc(9200, 'elasticsearch-7.17.16')),
      host(A(21), 'bsd1.lab', OS.freebsd, svc(22, 'openssh-9.8-freebsd'), svc(11211, 'memcached-1.6.21')),
      host(A(22), 'legacy1.lab', OS.rhel4, svc(21, 'vsftpd-2.3.4'), svc(22, 'openssh-3.9p1-ssh1')),
      host(A(23), 'router1.lab', OS.ciscoIos, svc(22, 'cisco-ssh-1.25'), svc(23, 'telnet-cisco-ios'), svc(161, 'snmp-cisco-ios')),
      host(A(24), 'gw1.lab', OS.linux, svc(22, 'dropbear-2020.81'), svc(53, 'dnsmasq-2.89')),
      host(A(25), 'ftp1.lab', OS.ubuntu2204, svc(21, 'vsftpd-3.0.3'), svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.10')),
      host(A(26), 'ftp2.lab', OS.debian, svc(21, 'proftpd-1.3.5-debian')),
      host(A(27), 'ftp3.lab', null, svc(21, 'proftpd-1.3.8'), tls(990, 'proftpd-1.3.8')),
      host(A(28), 'ftp4.lab', null, svc(21, 'pure-ftpd')),
      host(A(29), 'mail1.lab', OS.ubuntu2204, svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.10'), svc(25, 'postfix-ubuntu'), svc(110, 'dovecot-pop3-ubuntu'),
        svc(143, 'dovecot-imap-ubuntu'), tls(993, 'dovecot-imap-ubuntu'), tls(995, 'dovecot-pop3-ubuntu')),
      host(A(30), 'mail2.lab', OS.debian12, svc(22, 'openssh-9.2p1-debian-2+deb12u2'), svc(25, 'exim-4.96-debian'), svc(143, 'dovecot-imap')),
      host(A(31), 'relay1.lab', null, svc(25, 'postfix-3.5.25-open-relay'), svc(2525, 'postfix-3.5.25-open-relay')),
      host(A(32), 'db1.lab', OS.centos7, svc(22, 'openssh-7.4-rhel7'), svc(3306, 'mysql-5.7.44')),
      host(A(33), 'db2.lab', OS.ubuntu2204, svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.10'), svc(3306, 'mysql-8.0.36-ubuntu')),
      host(A(34), 'db3.lab', OS.ubuntu2204, svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.10'), svc(3306, 'mariadb-10.6.16-ubuntu')),
      host(A(35), 'db4.lab', null, svc(3307, 'mariadb-10.11.6'), svc(5432, 'postgresql-md5')),
      host(A(36), 'pg1.lab', OS.ubuntu2404, svc(22, 'openssh-9.6p1-ubuntu-3ubuntu13.5'), svc(5432, 'postgresql-hba-reject')),
      host(A(37), 'cache1.lab', OS.ubuntu2004, svc(6379, 'redis-6.2.14'), svc(11211, 'memcached-1.6.14')),
      host(A(38), 'cache2.lab', OS.debian12, svc(22, 'openssh-9.2p1-debian-2+deb12u2'), svc(6379, 'redis-7.2.4')),
      host(A(39), 'cache3.lab', OS.ubuntu2204, svc(6379, 'redis-7.0.15-auth'), svc(6380, 'redis-7.2.4')),
      host(A(40), 'mongo1.lab', null, svc(27017, 'mongodb-4.4.29')),
      host(A(41), 'mongo2.lab', OS.ubuntu2004, svc(22, 'openssh-8.2p1-ubuntu-4ubuntu0.5'), svc(27017, 'mongodb-5.0.26')),
      host(A(42), 'mongo3.lab', null, svc(27017, 'mongodb-6.0.14-auth')),
      host(A(43), 'mongo4.lab', null, svc(27017, 'mongodb-7.0.8'), svc(27018, 'mongodb-7.0.8')),
      host(A(44), 'ns1.lab', OS.debian12, svc(22, 'openssh-9.2p1-debian-2+deb12u2'), svc(53, 'bind-9.18.24-debian')),
      host(A(45), 'ns2.lab', OS.ubuntu2204, svc(53, 'bind-9.18.28-ubuntu'), svc(123, 'ntpd-4.2.8p15')),
      host(A(46), 'ntp1.lab', OS.ubuntu2204, svc(123, 'ntpd-4.2.8p15'), svc(161, 'net-snmp-linux')),
      host(A(47), 'ntp2.lab', OS.ubuntu2404, svc(22, 'openssh-9.6p1-ubuntu-3ubuntu13.5'), svc(123, 'chrony-4.2')),
      host(A(48), 'telnet1.lab', OS.ubuntu2204, svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.10'), svc(23, 'telnetd-ubuntu-22.04')),
      host(A(49), 'nonstd1.lab', OS.ubuntu2204, svc(2121, 'vsftpd-3.0.3'), svc(2222, 'openssh-8.9p1-ubuntu-3ubuntu0.10'), svc(2323, 'telnetd-ubuntu-22.04'),
        svc(8081, 'apache-2.4.52-ubuntu'), svc(13306, 'mysql-8.0.36-ubuntu'), svc(16379, 'redis-6.2.14')),
      host(A(50), 'nonstd2.lab', null, svc(1110, 'dovecot-pop3-ubuntu'), svc(1143, 'dovecot-imap'), svc(2525, 'exim-4.96-debian'),
        tls(8443, 'apache-2.4.57-debian', 'valid', ['TLSv1.2']), svc(15432, 'postgresql-md5'), svc(21211, 'memcached-1.6.21'), svc(37017, 'mongodb-7.0.8')),
      host(A(51), 'tls1.lab', OS.ubuntu2004, tls(443, 'nginx-1.18.0', 'valid', ['TLSv1']), tls(4443, 'nginx-1.18.0', 'valid', ['TLSv1.1', 'TLSv1.2'])),
      host(A(52), 'tls2.lab', OS.ubuntu2404, tls(443, 'nginx-1.24.0-ubuntu', 'valid', ['TLSv1.2']), tls(8443, 'nginx-1.24.0-ubuntu', 'valid', ['TLSv1.3'])),
      host(A(53), 'snmp1.lab', OS.ubuntu2204, svc(22, 'openssh-8.9p1-ubuntu-3ubuntu0.10'), svc(161, 'net-snmp-linux')),
      host(A(54), 'dev1.lab', OS.ubuntu2404, svc(22, 'openssh-9.6p1-ubuntu-3ubuntu13.5'), svc(80, 'nginx-1.24.0-ubuntu'), svc(6379, 'redis-7.2.4')),
      host(A(55), 'kiosk1.lab', OS.windows, svc(8080, 'iis-10.0')),
      host(A(56), 'nas1.lab', OS.linux, svc(21, 'pure-ftpd'), svc(22, 'dropbear-2020.81'), svc(80, 'lighttpd-1.4.59'), tls(443, 'lighttpd-1.4.59', 'self-signed')),
      host(A(57), 'switch1.lab', OS.ciscoIos, svc(23, 'telnet-cisco-ios'), svc(161, 'snmp-cisco-ios')),
      host(A(58), 'log1.lab', OS.ubuntu2004, svc(22, 'openssh-8.2p1-ubuntu-4ubuntu0.5'), svc(80, 'nginx-1.18.0'), svc(9200, 'elasticsearch-7.17.16')),
      host(A(59), 'backup1.lab', OS.debian12, svc(22, 'openssh-9.2p1-debian-2+deb12u2'), svc(5432, 'postgresql-md5'), svc(11211, 'memcached-1.6.21')),
      hostile(A(200), 'drip', [80, 22]),
      hostile(A(201), 'flood', [80, 8080]),
      hostile(A(202), 'garbage', [21, 25]),
      hostile(A(203), 'silent', [22, 3306]),
      hostile(A(204), 'tls-stall', [443, 8443]),
      host(A(220), 'closed1.lab', null),
      host(A(221), 'closed2.lab', null),
      host(A(222), null, null),
    ],
  };
}
