/*
 * farsight-probe: the optional native TCP-connect loop of Farsight's probe engine.
 *
 * One process runs what one probe worker thread runs in JS (connect-loop.ts): up to
 * `inFlight` non-blocking connects on one epoll set, drawn from a FIFO of port batches,
 * paced by a token bucket, timed out by a periodic sweep, with back-off when the machine
 * runs out of sockets or source ports. It has no policy of its own: targets, scope,
 * exclusions, retries and adaptive timeouts stay in JS, which sends batches of
 * (address, ports, timeout) and gets back one outcome byte and one RTT per port.
 *
 * Protocol (host byte order; the magic in READY tells the reader): frames of an 8-byte
 * header {u8 type, u8 0, u16 0, u32 payload length} and a payload. See
 * packages/scanner/src/probe/native-frames.ts for the JS side, which documents each frame.
 * Only libc; Linux (epoll). Exits when stdin closes; exits 2 on a bad frame after an ERROR frame.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAGIC 0x46535031u /* "FSP1" */
#define VERSION 1u
#define T_INIT 1
#define T_BATCH 2
#define R_READY 0x81
#define R_RESULT 0x82
#define R_HUNGRY 0x83
#define R_ERROR 0x84
#define R_ALIVE 0x85
#define ALIVE_MS 1000.0
#define MAX_PORTS 65536u
#define MAX_IN 65536u
#define OPEN 1
#define CLOSED 2
#define TIMEOUT 3
#define UNREACHABLE 4
#define RESOURCE 5
#define MIN_BACKOFF_MS 10.0
#define MAX_BACKOFF_MS 1000.0

struct batch {
  struct batch *next;      /* FIFO of batches with ports not yet started */
  uint32_t id, count, taken, remaining, timeout_ms;
  int v6;
  struct sockaddr_storage sa;
  socklen_t salen;
  uint16_t *ports;
  uint8_t *outcomes;
  uint32_t *rtt;
  uint8_t *deferrals;
};

struct slot {
  struct batch *b;
  uint32_t index, gen;
  int fd;
  double start, deadline;
};

static struct slot *slots;
static uint32_t *free_stack;
static uint32_t free_top, n_slots, cap, max_cap;
static double in_flight, sent, taken_total;
static uint32_t tick_ms = 20, max_deferrals = 40, low_water = 1024;
static double rate, tokens, per_ms, bucket_cap, bucket_last;
static struct batch *q_head, *q_tail;
static uint64_t unstarted;
static int hungry_sent;
static struct batch **def_b;
static uint32_t *def_i;
static uint32_t def_n, def_cap;
static double paused_until, backoff_ms = MIN_BACKOFF_MS, last_resource = -1e18;
static double sweep_due; /* 0 = no sweep armed */
static int epfd, initialised;
static int self_connect_test; /* FARSIGHT_PROBE_SELF_CONNECT_TEST=1: tests of self-connect detection */

static unsigned char *out;
static size_t out_len, out_cap;
static double last_frame_ms; /* when a frame last went out: ALIVE keeps the engine's watchdog fed */
static unsigned char *in;
static size_t in_len, in_cap;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) { fprintf(stderr, "farsight-probe: out of memory\n"); exit(3); }
  return p;
}

static unsigned char *out_reserve(size_t n) {
  if (out_len + n > out_cap) {
    while (out_len + n > out_cap) out_cap = out_cap ? out_cap * 2 : 65536;
    unsigned char *p = realloc(out, out_cap);
    if (!p) { fprintf(stderr, "farsight-probe: out of memory\n"); exit(3); }
    out = p;
  }
  unsigned char *p = out + out_len;
  out_len += n;
  return p;
}

static void put_header(uint8_t type, uint32_t len) {
  unsigned char *p = out_reserve(8);
  p[0] = type; p[1] = 0; p[2] = 0; p[3] = 0;
  memcpy(p + 4, &len, 4);
}

static void put_counters(void) {
  unsigned char *p = out_reserve(24);
  memcpy(p, &sent, 8);
  memcpy(p + 8, &in_flight, 8);
  memcpy(p + 16, &taken_total, 8);
}

static void flush_out(void) {
  size_t off = 0;
  if (out_len > 0) last_frame_ms = now_ms();
  while (off < out_len) {
    ssize_t w = write(1, out + off, out_len - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      exit(0); /* the reader went away: the scan is over */
    }
    off += (size_t)w;
  }
  out_len = 0;
}

static void fail(const char *msg) {
  size_t n = strlen(msg);
  put_header(R_ERROR, (uint32_t)n);
  memcpy(out_reserve(n), msg, n);
  flush_out();
  fprintf(stderr, "farsight-probe: %s\n", msg);
  exit(2);
}

/* ---- token bucket (token-bucket.ts) ---- */
static void refill(double now) {
  double dt = now - bucket_last;
  if (dt <= 0) return;
  tokens = tokens + dt * per_ms;
  if (tokens > bucket_cap) tokens = bucket_cap;
  bucket_last = now;
}

/* ---- outcomes (outcome.ts classifyStatus) ---- */
static int is_resource(int e) {
  return e == EMFILE || e == ENFILE || e == EADDRNOTAVAIL || e == ENOBUFS || e == ENOMEM || e == EAGAIN || e == EADDRINUSE;
}
static int outcome_of_errno(int e) {
  if (e == 0) return OPEN;
  if (e == ECONNREFUSED) return CLOSED;
  if (e == ETIMEDOUT || e == ECANCELED) return TIMEOUT;
  return UNREACHABLE;
}

static void finish(struct batch *b) {
  uint32_t n = b->count;
  put_header(R_RESULT, 8 + 24 + 5 * n);
  unsigned char *p = out_reserve(8);
  memcpy(p, &b->id, 4);
  memcpy(p + 4, &n, 4);
  put_counters();
  memcpy(out_reserve(4 * (size_t)n), b->rtt, 4 * (size_t)n);
  memcpy(out_reserve(n), b->outcomes, n);
  free(b->ports); free(b->outcomes); free(b->rtt); free(b->deferrals); free(b);
}

static void record(struct batch *b, uint32_t index, int outcome, double elapsed_ms) {
  b->outcomes[index] = (uint8_t)outcome;
  double us = elapsed_ms * 1000.0 + 0.5;
  b->rtt[index] = us <= 0 ? 0 : us >= 4294967295.0 ? 0xffffffffu : (uint32_t)us;
  if (--b->remaining == 0) finish(b);
}

static void resource_error(struct batch *b, uint32_t index) {
  if (!b->deferrals) { b->deferrals = xmalloc(b->count); memset(b->deferrals, 0, b->count); }
  /* The (max_deferrals + 1)-th resource error of a port gives it up, as connect-loop.ts does. */
  if (b->deferrals[index] >= max_deferrals) {
    record(b, index, RESOURCE, 0);
  } else {
    b->deferrals[index]++;
    if (def_n == def_cap) {
      def_cap = def_cap ? def_cap * 2 : 64;
      def_b = realloc(def_b, def_cap * sizeof *def_b);
      def_i = realloc(def_i, def_cap * sizeof *def_i);
      if (!def_b || !def_i) { fprintf(stderr, "farsight-probe: out of memory\n"); exit(3); }
    }
    def_b[def_n] = b; def_i[def_n] = index; def_n++;
  }
  double now = now_ms();
  backoff_ms = now - last_resource > MAX_BACKOFF_MS ? MIN_BACKOFF_MS : (backoff_ms * 2 > MAX_BACKOFF_MS ? MAX_BACKOFF_MS : backoff_ms * 2);
  last_resource = now;
  paused_until = now + backoff_ms;
  uint32_t half = (uint32_t)(in_flight / 2);
  cap = half < 1 ? 1 : half;
}

/* Records an answer; returns 0 when it was a resource error (port deferred, loop paused). */
static int answer(struct batch *b, uint32_t index, int err, double elapsed_ms, int self) {
  int outcome;
  if (self) outcome = CLOSED;
  else if (is_resource(err)) { resource_error(b, index); return 0; }
  else outcome = outcome_of_errno(err);
  if (cap < max_cap) cap++;
  record(b, index, outcome, outcome == OPEN || outcome == CLOSED ? elapsed_ms : 0);
  return 1;
}

static void release(uint32_t s) {
  slots[s].b = NULL;
  slots[s].fd = -1;
  slots[s].gen++;
  free_stack[free_top++] = s;
  in_flight--;
}

/* A connected socket whose local and peer addresses are equal connected to itself (RFC 9293 §3.5). */
static int self_connected(int fd) {
  struct sockaddr_storage a, b;
  socklen_t al = sizeof a, bl = sizeof b;
  if (getsockname(fd, (struct sockaddr *)&a, &al) != 0 || getpeername(fd, (struct sockaddr *)&b, &bl) != 0) return 0;
  return al == bl && memcmp(&a, &b, al) == 0;
}

/* RST instead of FIN (SO_LINGER 0): no TIME_WAIT on either side. */
static void close_reset(int fd) {
  struct linger l = { 1, 0 };
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  close(fd);
}

static void complete(uint32_t s) {
  struct slot *sl = &slots[s];
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(sl->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  int self = 0;
  if (err == 0) { self = self_connected(sl->fd); close_reset(sl->fd); }
  else close(sl->fd);
  struct batch *b = sl->b;
  uint32_t index = sl->index;
  double elapsed = now_ms() - sl->start;
  release(s);
  answer(b, index, err, elapsed, self);
}

static void wanted_hungry(void) {
  if (initialised && !hungry_sent && unstarted < low_water) {
    hungry_sent = 1;
    put_header(R_HUNGRY, 24);
    put_counters();
  }
}

/* Starts connects while slots, ports, tokens allow; returns ms to wait before trying again, or -1.
 * On loopback most connects are answered inside connect(), so one call can run through the
 * whole queue: HUNGRY goes out (flushed) as soon as the queue runs low, not after, so the next
 * batch arrives while this one is still being probed. Its counters include the connects started. */
static double fill(void) {
  double now = now_ms();
  if (now < paused_until) return paused_until - now;
  int started = 0;
  while (free_top > 0 && in_flight < cap) {
    if (started && !hungry_sent && unstarted < low_water) { wanted_hungry(); flush_out(); }
    struct batch *b;
    uint32_t index;
    int deferred = def_n > 0;
    if (deferred) { b = def_b[def_n - 1]; index = def_i[def_n - 1]; }
    else {
      b = q_head;
      if (!b) return -1;
      index = b->taken;
    }
    if (rate > 0) {
      refill(now);
      if (tokens < 1) return (1 - tokens) / per_ms;
      tokens -= 1;
    }
    started = 1;
    if (deferred) def_n--;
    else {
      taken_total++;
      unstarted--;
      if (++b->taken == b->count) { q_head = b->next; if (!q_head) q_tail = NULL; }
    }
    uint32_t s = free_stack[--free_top];
    struct slot *sl = &slots[s];
    double start = now_ms();
    sl->b = b; sl->index = index; sl->start = start; sl->deadline = start + b->timeout_ms;
    in_flight++;
    now = start;
    int fd = socket(b->v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int err = 0;
    if (fd < 0) err = errno;
    else {
      if (b->v6) ((struct sockaddr_in6 *)&b->sa)->sin6_port = htons(b->ports[index]);
      else ((struct sockaddr_in *)&b->sa)->sin_port = htons(b->ports[index]);
      /* Test hook: bind the source to the destination itself, forcing a self-connect. */
      if (self_connect_test && bind(fd, (struct sockaddr *)&b->sa, b->salen) != 0) err = errno;
      if (err == 0 && connect(fd, (struct sockaddr *)&b->sa, b->salen) != 0) err = errno;
      if (err == EINPROGRESS || err == EINTR) {
        struct epoll_event ev = { .events = EPOLLOUT, .data.u64 = ((uint64_t)sl->gen << 32) | s };
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) == 0) { sl->fd = fd; sent++; continue; }
        err = errno;
        close(fd);
      } else if (err == 0) {
        /* Connected at once (loopback): answered here, with its RTT. */
        int self = self_connected(fd);
        close_reset(fd);
        sent++;
        release(s);
        answer(b, index, 0, now_ms() - start, self);
        continue;
      } else {
        close(fd);
        if (!is_resource(err)) sent++;
      }
    }
    release(s);
    double t = now_ms();
    if (!answer(b, index, err, err == ECONNREFUSED ? t - start : 0, 0)) {
      now = now_ms();
      if (now < paused_until) return paused_until - now;
    }
  }
  return -1;
}

static void sweep(double now) {
  double stall = now - sweep_due - tick_ms;
  for (uint32_t s = 0; s < n_slots; s++) {
    struct slot *sl = &slots[s];
    if (!sl->b) continue;
    if (stall > 0) sl->deadline += stall;
    if (sl->deadline > now) continue;
    struct batch *b = sl->b;
    uint32_t index = sl->index;
    close(sl->fd);
    release(s);
    record(b, index, TIMEOUT, 0);
  }
  sweep_due = 0;
}

static uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }

static void on_init(const unsigned char *p, uint32_t len) {
  if (initialised) fail("INIT sent twice");
  if (len != 32) fail("INIT frame has the wrong length");
  if (rd32(p) != MAGIC || rd32(p + 4) != VERSION) fail("INIT has an unknown magic or version; rebuild the helper (npm ci)");
  uint32_t inflight = rd32(p + 8);
  tick_ms = rd32(p + 12);
  max_deferrals = rd32(p + 16);
  low_water = rd32(p + 20);
  memcpy(&rate, p + 24, 8);
  if (inflight < 1 || inflight > 1000000 || tick_ms < 1 || tick_ms > 60000 || max_deferrals > 255 || !(rate >= 0) || rate > 1e9) fail("INIT values out of range");
  n_slots = max_cap = cap = inflight;
  slots = xmalloc(sizeof *slots * n_slots);
  free_stack = xmalloc(sizeof *free_stack * n_slots);
  for (uint32_t i = 0; i < n_slots; i++) { slots[i].b = NULL; slots[i].fd = -1; slots[i].gen = 0; free_stack[i] = n_slots - 1 - i; }
  free_top = n_slots;
  if (rate > 0) {
    per_ms = rate / 1000.0;
    bucket_cap = rate / 50 < 1 ? 1 : (double)(uint64_t)(rate / 50);
    tokens = bucket_cap;
    bucket_last = now_ms();
  }
  initialised = 1;
}

static void on_batch(const unsigned char *p, uint32_t len) {
  if (!initialised) fail("BATCH before INIT");
  if (len < 32) fail("BATCH frame too short");
  uint32_t count = rd32(p + 28);
  if (count > MAX_PORTS || len != 32 + 2 * count) fail("BATCH length does not match its port count");
  struct batch *b = xmalloc(sizeof *b);
  memset(b, 0, sizeof *b);
  if (p[4] != 4 && p[4] != 6) fail("BATCH family must be 4 or 6");
  b->id = rd32(p);
  b->v6 = p[4] == 6;
  b->timeout_ms = rd32(p + 24);
  if (b->timeout_ms < 1 || b->timeout_ms > 600000) fail("BATCH timeout out of range");
  if (b->v6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&b->sa;
    a->sin6_family = AF_INET6;
    memcpy(&a->sin6_addr, p + 8, 16);
    b->salen = sizeof *a;
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)&b->sa;
    a->sin_family = AF_INET;
    memcpy(&a->sin_addr, p + 8, 4);
    b->salen = sizeof *a;
  }
  b->count = b->remaining = count;
  b->ports = xmalloc(2 * (size_t)count);
  memcpy(b->ports, p + 32, 2 * (size_t)count);
  for (uint32_t i = 0; i < count; i++) if (b->ports[i] == 0) fail("BATCH has port 0");
  b->outcomes = xmalloc(count);
  b->rtt = xmalloc(4 * (size_t)count);
  if (count == 0) { finish(b); return; }
  if (q_tail) q_tail->next = b; else q_head = b;
  q_tail = b;
  unstarted += count;
  hungry_sent = 0;
}

/* Reads stdin and handles every whole frame (those before an end of input too); returns 0 at end of input. */
static int read_input(void) {
  int eof = 0;
  for (;;) {
    if (in_cap - in_len < 65536) {
      in_cap = in_cap ? in_cap * 2 : 262144;
      in = realloc(in, in_cap);
      if (!in) { fprintf(stderr, "farsight-probe: out of memory\n"); exit(3); }
    }
    ssize_t r = read(0, in + in_len, in_cap - in_len);
    if (r == 0) { eof = 1; break; }
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) break;
      eof = 1;
      break;
    }
    in_len += (size_t)r;
  }
  size_t off = 0;
  while (in_len - off >= 8) {
    const unsigned char *h = in + off;
    uint32_t len = rd32(h + 4);
    if (len > 32 + 2 * MAX_PORTS) fail("frame longer than any valid frame");
    if (in_len - off < 8 + (size_t)len) break;
    if (h[0] == T_INIT) on_init(h + 8, len);
    else if (h[0] == T_BATCH) on_batch(h + 8, len);
    else fail("unknown frame type");
    off += 8 + (size_t)len;
  }
  memmove(in, in + off, in_len - off);
  in_len -= off;
  /* Keep the buffer from growing without bound after one large frame. */
  if (in_cap > 1048576 && in_len < 65536) { in_cap = 262144; in = realloc(in, in_cap); if (!in) exit(3); }
  return !eof;
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  /* Ctrl-C reaches the whole process group: the scan decides how to stop, and closes our stdin
   * (as does its death), which is when this process exits. */
  signal(SIGINT, SIG_IGN);
  const char *t = getenv("FARSIGHT_PROBE_SELF_CONNECT_TEST");
  self_connect_test = t != NULL && strcmp(t, "1") == 0;
  epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) { perror("farsight-probe: epoll_create1"); return 3; }
  fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
  struct epoll_event ev = { .events = EPOLLIN, .data.u64 = UINT64_MAX };
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, 0, &ev) != 0) { perror("farsight-probe: epoll_ctl stdin"); return 3; }
  uint32_t hello[2] = { MAGIC, VERSION };
  put_header(R_READY, 8);
  memcpy(out_reserve(8), hello, 8);
  flush_out();
  struct epoll_event events[512];
  for (;;) {
    double wait = initialised ? fill() : -1;
    double now = now_ms();
    if (in_flight > 0 && sweep_due == 0) sweep_due = now + tick_ms;
    if (sweep_due != 0) {
      double to_sweep = sweep_due - now;
      if (to_sweep < 0) to_sweep = 0;
      if (wait < 0 || to_sweep < wait) wait = to_sweep;
    }
    wanted_hungry();
    int busy = in_flight > 0 || q_head != NULL || def_n > 0;
    if (busy && out_len == 0 && now - last_frame_ms >= ALIVE_MS) {
      put_header(R_ALIVE, 24);
      put_counters();
    }
    flush_out();
    /* While busy, wake at least every ALIVE_MS (a rate-limited or paused loop may wait longer). */
    if (busy && (wait < 0 || wait > ALIVE_MS)) wait = ALIVE_MS;
    int timeout = wait < 0 ? -1 : (int)(wait + 0.999);
    int n = epoll_wait(epfd, events, 512, timeout);
    if (n < 0 && errno != EINTR) { perror("farsight-probe: epoll_wait"); return 3; }
    for (int i = 0; i < n; i++) {
      uint64_t d = events[i].data.u64;
      if (d == UINT64_MAX) {
        if (!read_input()) return 0;
        continue;
      }
      uint32_t s = (uint32_t)d;
      if (s < n_slots && slots[s].b && slots[s].gen == (uint32_t)(d >> 32)) complete(s);
    }
    if (sweep_due != 0 && now_ms() >= sweep_due) sweep(now_ms());
  }
}
