/* Shared state and helpers of farsight-probe (see farsight-probe.c for what it does). */
#ifndef FARSIGHT_PROBE_H
#define FARSIGHT_PROBE_H
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

/* Loop state (farsight-probe.c). */
extern struct slot *slots;
extern uint32_t *free_stack;
extern uint32_t free_top, n_slots, cap, max_cap;
extern double in_flight, sent, taken_total;
extern uint32_t tick_ms, max_deferrals, low_water;
extern double rate, tokens, per_ms, bucket_cap, bucket_last;
extern struct batch *q_head, *q_tail;
extern uint64_t unstarted;
extern int hungry_sent;
extern struct batch **def_b;
extern uint32_t *def_i;
extern uint32_t def_n, def_cap;
extern double paused_until, backoff_ms, last_resource;
extern double sweep_due;  /* 0 = no sweep armed */
extern int epfd, initialised;
extern int self_connect_test;  /* FARSIGHT_PROBE_SELF_CONNECT_TEST=1: tests of self-connect detection */
/* Output buffer (frames.c): frames queued for stdout, and when one last went out. */
extern size_t out_len;
extern double last_frame_ms;  /* when a frame last went out: ALIVE keeps the engine's watchdog fed */

double now_ms(void);
void *xmalloc(size_t n);
/* Room for n more bytes at the end of the output buffer. */
unsigned char *out_reserve(size_t n);
void put_header(uint8_t type, uint32_t len);
void put_counters(void);
void flush_out(void);
void fail(const char *msg);
/* Sends RESULT for a batch whose ports all have answers, and frees it. */
void finish(struct batch *b);
/* Sends HUNGRY once per batch received, when fewer than low_water ports are unstarted. */
void wanted_hungry(void);
/* Reads stdin and handles every whole frame; returns 0 at end of input. */
int read_input(void);

#endif
