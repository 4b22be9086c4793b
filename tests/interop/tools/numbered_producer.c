/* numbered_producer: produces the numbers 1..N as record values with librdkafka's idempotent
 * producer (acks=all, unbounded retries), at a bounded rate so that a crash test can kill the
 * broker while it runs. Unlike kcat, it keeps going while every broker is down: a record is
 * given up only when librdkafka reports it failed, and then this tool says so.
 *
 * Usage: numbered_producer BROKER TOPIC N RATE_PER_SECOND ACKED_FILE
 * Writes the number of every acknowledged record to ACKED_FILE (one per line, as acknowledged),
 * prints "acknowledged A failed F" and exits 0 when every record was acknowledged. */
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long acked = 0, failed = 0;
static FILE *acked_file;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
  (void)rk;
  (void)opaque;
  if (m->err) {
    if (failed++ < 10) fprintf(stderr, "failed: %s\n", rd_kafka_err2str(m->err));
    return;
  }
  acked++;
  fprintf(acked_file, "%.*s\n", (int)m->len, (const char *)m->payload);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: numbered_producer BROKER TOPIC N RATE ACKED_FILE\n");
    return 2;
  }
  long n = atol(argv[3]);
  double rate = atof(argv[4]);
  acked_file = fopen(argv[5], "w");
  if (!acked_file) return 2;
  char err[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  const char *props[][2] = {{"bootstrap.servers", argv[1]}, {"enable.idempotence", "true"},
                            {"acks", "all"},                {"message.timeout.ms", "0"},
                            {"retry.backoff.ms", "100"},    {"reconnect.backoff.max.ms", "500"},
                            {"linger.ms", "5"},             {"partitioner", "random"}};
  for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
    if (rd_kafka_conf_set(conf, props[i][0], props[i][1], err, sizeof err) != RD_KAFKA_CONF_OK) {
      fprintf(stderr, "%s\n", err);
      return 2;
    }
  }
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) {
    fprintf(stderr, "%s\n", err);
    return 2;
  }
  double start = now_s();
  char value[32];
  for (long i = 1; i <= n; i++) {
    while (rate > 0 && (double)(i - 1) / rate > now_s() - start) rd_kafka_poll(rk, 1);
    int len = snprintf(value, sizeof value, "%ld", i);
    while (rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(argv[2]), RD_KAFKA_V_VALUE(value, (size_t)len),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_poll(rk, 10);
    }
    rd_kafka_poll(rk, 0);
  }
  while (rd_kafka_outq_len(rk) > 0) rd_kafka_poll(rk, 100);
  char reason[512];
  rd_kafka_resp_err_t fatal_err = rd_kafka_fatal_error(rk, reason, sizeof reason);
  if (fatal_err) fprintf(stderr, "fatal: %s\n", reason);
  rd_kafka_destroy(rk);
  fclose(acked_file);
  printf("acknowledged %ld failed %ld\n", acked, failed);
  return acked == n && failed == 0 && !fatal_err ? 0 : 1;
}
