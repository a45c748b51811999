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
#include "farsight-probe.h"

struct slot *slots;
uint32_t *free_stack;
uint32_t free_top, n_slots, cap, max_cap;
double in_flight, sent, taken_total;
uint32_t tick_ms = 20, max_deferrals = 40, low_water = 1024;
double rate, tokens, per_ms, bucket_cap, bucket_last;
struct batch *q_head, *q_tail;
uint64_t unstarted;
int hungry_sent;
struct batch **def_b;
uint32_t *def_i;
uint32_t def_n, def_cap;
double paused_until, backoff_ms = MIN_BACKOFF_MS, last_resource = -1e18;
double sweep_due; /* 0 = no sweep armed */
int epfd, initialised;
int self_connect_test; /* FARSIGHT_PROBE_SELF_CONNECT_TEST=1: tests of self-connect detection */

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
