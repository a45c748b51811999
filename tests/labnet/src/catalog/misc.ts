/** Telnet, DNS, SNMP and NTP profiles. */
import type { DnsProfile, NtpProfile, SnmpProfile, TelnetProfile } from '../catalog-types.ts';

/** Every Telnet profile. */
export const TELNET_PROFILES: TelnetProfile[] = [
  {
    profile: 'telnetd-ubuntu-22.04', type: 'telnet', name: 'telnet', defaultPort: 23, vendor: null, product: null, version: null, cpe: null,
    os: { vendor: 'Ubuntu', product: 'Ubuntu Linux', version: '22.04.4' }, weaknesses: ['telnet-cleartext'],
    banner: 'Ubuntu 22.04.4 LTS\r\n{short} login: ', description: 'inetutils-telnetd on Ubuntu 22.04 (/etc/issue.net then login prompt)',
  },
  {
    profile: 'telnet-cisco-ios', type: 'telnet', name: 'telnet', defaultPort: 23, vendor: 'Cisco', product: null, version: null, cpe: null,
    os: { vendor: 'Cisco', product: 'IOS' }, weaknesses: ['telnet-cleartext'],
    banner: '\r\n\r\nUser Access Verification\r\n\r\nUsername: ', description: 'Cisco IOS vty line with login local',
  },
];

/** Every DNS profile. */
export const DNS_PROFILES: DnsProfile[] = [
  {
    profile: 'bind-9.18.24-debian', type: 'dns', name: 'domain', defaultPort: 53, vendor: 'ISC', product: 'BIND', version: '9.18.24',
    cpe: 'cpe:/a:isc:bind:9.18.24', os: { vendor: 'Debian', product: 'Linux' }, weaknesses: [], versionBind: '9.18.24-1-Debian',
    description: 'BIND 9.18 on Debian 12 answering version.bind',
  },
  {
    profile: 'bind-9.18.28-ubuntu', type: 'dns', name: 'domain', defaultPort: 53, vendor: 'ISC', product: 'BIND', version: '9.18.28',
    cpe: 'cpe:/a:isc:bind:9.18.28', os: { vendor: 'Ubuntu', product: 'Linux' }, weaknesses: [], versionBind: '9.18.28-0ubuntu0.22.04.1-Ubuntu',
    description: 'BIND 9.18 on Ubuntu 22.04 answering version.bind',
  },
  {
    profile: 'dnsmasq-2.89', type: 'dns', name: 'domain', defaultPort: 53, vendor: 'Thekelleys', product: 'Dnsmasq', version: '2.89',
    cpe: 'cpe:/a:thekelleys:dnsmasq:2.89', weaknesses: [], versionBind: 'dnsmasq-2.89', description: 'dnsmasq on a home router',
  },
];

/** Every SNMP profile. Only the `public` community answers; other communities are ignored (RFC 3584 §4.1). */
export const SNMP_PROFILES: SnmpProfile[] = [
  {
    profile: 'net-snmp-linux', type: 'snmp', name: 'snmp', defaultPort: 161, vendor: null, product: null, version: null, cpe: null,
    os: { vendor: 'Linux', product: 'Linux', version: '5.15.0-91-generic' }, weaknesses: ['snmp-default-community'], communities: ['public'],
    sysDescr: 'Linux {short} 5.15.0-91-generic #101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023 x86_64', sysObjectId: '1.3.6.1.4.1.8072.3.2.10',
    description: 'Net-SNMP agent on Ubuntu with the default rocommunity public',
  },
  {
    profile: 'snmp-cisco-ios', type: 'snmp', name: 'snmp', defaultPort: 161, vendor: null, product: null, version: null, cpe: null,
    os: { vendor: 'Cisco', product: 'IOS', version: '15.0(2)SE11' }, weaknesses: ['snmp-default-community'], communities: ['public'],
    sysDescr: 'Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 15.0(2)SE11, RELEASE SOFTWARE (fc3)\r\nTechnical Support: http://www.cisco.com/techsupport\r\nCopyright (c) 1986-2017 by Cisco Systems, Inc.\r\nCompiled Sat 19-Aug-17 09:34 by prod_rel_team',
    sysObjectId: '1.3.6.1.4.1.9.1.1208', description: 'Cisco Catalyst 2960 with snmp-server community public RO',
  },
];

/** Every NTP profile. */
export const NTP_PROFILES: NtpProfile[] = [
  {
    profile: 'ntpd-4.2.8p15', type: 'ntp', name: 'ntp', defaultPort: 123, vendor: null, product: 'NTP', version: '4.2.8p15@1.3728-o', cpe: null,
    os: { vendor: 'Linux', product: 'Linux', version: '5.15.0-91-generic' }, weaknesses: ['ntp-mode6-query'], stratum: 2, refId: '127.0.0.53',
    readvar: 'version="ntpd 4.2.8p15@1.3728-o Wed Feb 16 17:13:02 UTC 2022 (1)", processor="x86_64", system="Linux/5.15.0-91-generic", leap=0, stratum=2, precision=-24, rootdelay=0.412, rootdisp=21.538, refid=127.0.0.53, tc=10, peer=11301',
    description: 'ntpd 4.2.8p15 answering mode 6 READVAR (restrict default without noquery)',
  },
  {
    profile: 'chrony-4.2', type: 'ntp', name: 'ntp', defaultPort: 123, vendor: null, product: null, version: null, cpe: null, weaknesses: [],
    stratum: 3, refId: '127.0.0.123', readvar: null, description: 'chronyd serving time (mode 6 ignored, version not visible)',
  },
];
