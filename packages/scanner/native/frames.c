/*
 * farsight-probe: frames in and out (the protocol of packages/scanner/src/probe/native-frames.ts).
 * Output is buffered and written once per loop turn; input is read whole frames at a time.
 */
#include "farsight-probe.h"

static unsigned char *out;
static size_t out_cap;
size_t out_len;
double last_frame_ms; /* when a frame last went out: ALIVE keeps the engine's watchdog fed */
static unsigned char *in;
static size_t in_len, in_cap;

double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) { fprintf(stderr, "farsight-probe: out of memory\n"); exit(3); }
  return p;
}

unsigned char *out_reserve(size_t n) {
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

void put_header(uint8_t type, uint32_t len) {
  unsigned char *p = out_reserve(8);
  p[0] = type; p[1] = 0; p[2] = 0; p[3] = 0;
  memcpy(p + 4, &len, 4);
}

void put_counters(void) {
  unsigned char *p = out_reserve(24);
  memcpy(p, &sent, 8);
  memcpy(p + 8, &in_flight, 8);
  memcpy(p + 16, &taken_total, 8);
}

void flush_out(void) {
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

void fail(const char *msg) {
  size_t n = strlen(msg);
  put_header(R_ERROR, (uint32_t)n);
  memcpy(out_reserve(n), msg, n);
  flush_out();
  fprintf(stderr, "farsight-probe: %s\n", msg);
  exit(2);
}

void finish(struct batch *b) {
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

void wanted_hungry(void) {
  if (initialised && !hungry_sent && unstarted < low_water) {
    hungry_sent = 1;
    put_header(R_HUNGRY, 24);
    put_counters();
  }
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
int read_input(void) {
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
