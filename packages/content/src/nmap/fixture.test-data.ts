/**
 * A small handwritten probes file in nmap-service-probes syntax, for tests (Farsight's own
 * text; nmap's NPSL-licensed file is only ever read from the host at run time).
 */
export const FIXTURE = String.raw`# Farsight test fixture in nmap-service-probes format (handwritten)
Exclude T:9100-9107

Probe TCP NULL q||
totalwaitms 6000
tcpwrappedms 3000
match ssh m|^SSH-([\d.]+)-OpenSSH_([\w._-]+)(?: ([^\r\n]+))?\r?\n| p/OpenSSH/ v/$2/ i/protocol $1; $3/ o/Linux/ cpe:/a:openbsd:openssh:$2/ cpe:/o:linux:linux_kernel/a
softmatch ftp m|^220[ -]|
match ftp m|^220 \(vsFTPd ([\d.]+)\)\r\n| p/vsftpd/ v/$1/ o/Unix/ cpe:/a:beasts:vsftpd:$1/
match redis m|^-NOAUTH Authentication required\.\r\n$| p/Redis key-value store/ cpe:/a:redislabs:redis/
match vnc m|^RFB 00(\d)\.00(\d)\n$| p/VNC/ i/protocol $1.$2/ d/remote management/
match bin m|^\x01\x02(..)\xff|s p/Binary thing/ v/$I(1,">")/
match weird m=^WEIRD ([\w_]+)$= p/Weird/ v/$SUBST(1,"_",".")/ h/$P(1)/
match ci m|^hello (\w+)|i p|Case Insensitive| v|$1|

Probe TCP GetRequest q|GET / HTTP/1.0\r\n\r\n|
rarity 1
ports 80-85,8080
sslports 443
match http m|^HTTP/1\.[01] \d\d\d .*?\r\nServer: nginx/([\d.]+)|s p/nginx/ v/$1/ cpe:/a:igor_sysoev:nginx:$1/
softmatch http m|^HTTP/1\.[01] \d\d\d|

Probe TCP HTTPOptions q|OPTIONS / HTTP/1.0\r\n\r\n|
rarity 4
ports 80
fallback GetRequest

Probe UDP DNSVersionBindReq q|\0\x06\x01\0\0\x01\0\0\0\0\0\0\x07version\x04bind\0\0\x10\0\x03|
rarity 1
ports 53
match domain m|^\0\x06\x81\x80.*?\x07version\x04bind.*?([\d.]+)|s p/ISC BIND/ v/$1/
`;
