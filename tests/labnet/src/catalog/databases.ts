/** Database and cache profiles: MySQL/MariaDB, PostgreSQL, Redis, Memcached, MongoDB. */
import type { MemcachedProfile, MongodbProfile, MysqlProfile, PostgresqlProfile, RedisProfile } from '../catalog-types.ts';

/** Every MySQL/MariaDB profile (capability flags as the real servers send them). */
export const MYSQL_PROFILES: MysqlProfile[] = [
  {
    profile: 'mysql-5.7.44', type: 'mysql', name: 'mysql', defaultPort: 3306, vendor: 'Oracle', product: 'MySQL', version: '5.7.44',
    cpe: 'cpe:/a:oracle:mysql:5.7.44', weaknesses: [], serverVersion: '5.7.44-log', capabilities: 0x81fff7ff, charset: 8,
    authPlugin: 'mysql_native_password', description: 'MySQL Community 5.7 (end of life) with binary logging',
  },
  {
    profile: 'mysql-8.0.36-ubuntu', type: 'mysql', name: 'mysql', defaultPort: 3306, vendor: 'Oracle', product: 'MySQL', version: '8.0.36',
    cpe: 'cpe:/a:oracle:mysql:8.0.36', os: { vendor: 'Ubuntu', product: 'Linux', version: '22.04' }, weaknesses: [],
    serverVersion: '8.0.36-0ubuntu0.22.04.1', capabilities: 0xdfffffff, charset: 255, authPlugin: 'caching_sha2_password',
    description: 'MySQL 8.0 from Ubuntu 22.04',
  },
  {
    profile: 'mariadb-10.6.16-ubuntu', type: 'mysql', name: 'mysql', defaultPort: 3306, vendor: 'MariaDB', product: 'MariaDB', version: '10.6.16',
    cpe: 'cpe:/a:mariadb:mariadb:10.6.16', os: { vendor: 'Ubuntu', product: 'Linux' }, weaknesses: [],
    // MariaDB 10.x prefixes "5.5.5-" so old replication clients accept it.
    serverVersion: '5.5.5-10.6.16-MariaDB-0ubuntu0.22.04.1', capabilities: 0x81fff7fe, charset: 45, authPlugin: 'mysql_native_password',
    description: 'MariaDB 10.6 from Ubuntu 22.04',
  },
  {
    profile: 'mariadb-10.11.6', type: 'mysql', name: 'mysql', defaultPort: 3306, vendor: 'MariaDB', product: 'MariaDB', version: '10.11.6',
    cpe: 'cpe:/a:mariadb:mariadb:10.11.6', weaknesses: [], serverVersion: '5.5.5-10.11.6-MariaDB', capabilities: 0x81fff7fe, charset: 45,
    authPlugin: 'mysql_native_password', description: 'MariaDB 10.11 from the upstream tarball',
  },
];

/** Every PostgreSQL profile; the version is not visible before authentication. */
export const POSTGRESQL_PROFILES: PostgresqlProfile[] = [
  {
    profile: 'postgresql-md5', type: 'postgresql', name: 'postgresql', defaultPort: 5432, vendor: 'PostgreSQL', product: 'PostgreSQL',
    version: null, cpe: 'cpe:/a:postgresql:postgresql:-', weaknesses: [], startup: 'md5', serverVersion: '13.14',
    description: 'PostgreSQL asking for an MD5 password (AuthenticationMD5Password), SSL off',
  },
  {
    profile: 'postgresql-hba-reject', type: 'postgresql', name: 'postgresql', defaultPort: 5432, vendor: 'PostgreSQL', product: 'PostgreSQL',
    version: null, cpe: 'cpe:/a:postgresql:postgresql:-', weaknesses: [], startup: 'reject', serverVersion: '16.2',
    description: 'PostgreSQL rejecting the client in pg_hba.conf (FATAL 28000)',
  },
];

const LINUX = { vendor: 'Linux', product: 'Linux' } as const;

/** Every Redis profile. */
export const REDIS_PROFILES: RedisProfile[] = [
  {
    profile: 'redis-6.2.14', type: 'redis', name: 'redis', defaultPort: 6379, vendor: 'Redis', product: 'Redis', version: '6.2.14',
    cpe: 'cpe:/a:redis:redis:6.2.14', os: LINUX, weaknesses: ['redis-unauthenticated'], redisVersion: '6.2.14', requireAuth: false,
    infoOs: 'Linux 5.4.0-169-generic x86_64', description: 'Redis 6.2 without requirepass, reachable from the network',
  },
  {
    profile: 'redis-7.2.4', type: 'redis', name: 'redis', defaultPort: 6379, vendor: 'Redis', product: 'Redis', version: '7.2.4',
    cpe: 'cpe:/a:redis:redis:7.2.4', os: LINUX, weaknesses: ['redis-unauthenticated'], redisVersion: '7.2.4', requireAuth: false,
    infoOs: 'Linux 6.1.0-18-amd64 x86_64', description: 'Redis 7.2 without requirepass (protected-mode off)',
  },
  {
    profile: 'redis-7.0.15-auth', type: 'redis', name: 'redis', defaultPort: 6379, vendor: 'Redis', product: 'Redis', version: null,
    cpe: 'cpe:/a:redis:redis:-', os: LINUX, weaknesses: [], redisVersion: '7.0.15', requireAuth: true,
    infoOs: 'Linux 5.15.0-91-generic x86_64', description: 'Redis 7.0 with requirepass: every command answers -NOAUTH, version hidden',
  },
];

/** Every memcached profile. */
export const MEMCACHED_PROFILES: MemcachedProfile[] = [
  {
    profile: 'memcached-1.6.21', type: 'memcached', name: 'memcached', defaultPort: 11211, vendor: 'Memcached', product: 'Memcached',
    version: '1.6.21', cpe: 'cpe:/a:memcached:memcached:1.6.21', weaknesses: ['memcached-unauthenticated'], memcachedVersion: '1.6.21',
    description: 'memcached 1.6.21 without SASL',
  },
  {
    profile: 'memcached-1.6.14', type: 'memcached', name: 'memcached', defaultPort: 11211, vendor: 'Memcached', product: 'Memcached',
    version: '1.6.14', cpe: 'cpe:/a:memcached:memcached:1.6.14', weaknesses: ['memcached-unauthenticated'], memcachedVersion: '1.6.14',
    description: 'memcached 1.6.14 (Ubuntu 22.04 package) without SASL',
  },
];

function mongo(version: string, wire: number, requireAuth: boolean, gitVersion: string): MongodbProfile {
  return {
    profile: `mongodb-${version}${requireAuth ? '-auth' : ''}`, type: 'mongodb', name: 'mongodb', defaultPort: 27017, vendor: 'MongoDB',
    product: 'MongoDB', version, cpe: `cpe:/a:mongodb:mongodb:${version}`, weaknesses: requireAuth ? [] : ['mongodb-unauthenticated'],
    mongoVersion: version, maxWireVersion: wire, requireAuth, gitVersion,
    description: `MongoDB ${version} (maxWireVersion ${wire}) ${requireAuth ? 'with authorization enabled' : 'without authorization'}`,
  };
}

/** Every MongoDB profile (buildInfo answers before authentication, as real mongod does). */
export const MONGODB_PROFILES: MongodbProfile[] = [
  mongo('4.4.29', 9, false, 'f4dda329a99811c707eb06d05ad023599f9be263'),
  mongo('5.0.26', 13, false, '0b4f1ea980b5380a66425a90b414106a191365f4'),
  mongo('6.0.14', 17, true, '25225db95574916fecab3af75b184409f8713aef'),
  mongo('7.0.8', 21, false, 'c5d33e55ba38d98e2f48765ec4e55338d67a4a64'),
];
